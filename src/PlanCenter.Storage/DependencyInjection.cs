using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Application.Abstractions;
using PlanCenter.Storage.Usage;

namespace PlanCenter.Storage;

/// <summary>Registers the store for the configured provider.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddStorage(this IServiceCollection services, StorageOptions options)
    {
        services.AddSingleton(options);
        if (options.Provider == StorageProvider.InMemory)
        {
            // An in-memory SQLite database exists while one connection to it is open; this keeper holds it.
            var keeper = new SqliteConnection($"Data Source=plancenter-{Guid.NewGuid():N};Mode=Memory;Cache=Shared");
            keeper.Open();
            services.AddSingleton(new InMemoryDatabaseKeeper(keeper));
            services.AddDbContext<CommerceDbContext>(db => db.UseSqlite(keeper.ConnectionString));
            services.AddSingleton(new SqliteDatabase(keeper.ConnectionString));
        }
        else
        {
            Directory.CreateDirectory(options.DataDirectory);
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = options.DatabasePath,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
            services.AddDbContext<CommerceDbContext>(db => db.UseSqlite(connectionString));
            services.AddSingleton(new SqliteDatabase(connectionString));
        }

        services.AddScoped<ICommerceStore, EfCommerceStore>();
        services.AddUsageStorage();
        return services;
    }

    /// <summary>
    /// Creates or migrates the schema: the EF Core migrations, then every registered
    /// <see cref="SchemaScript"/> not applied yet, each in its own transaction. On SQLite files it also
    /// turns on write-ahead logging (and chooses the page size of a new file).
    /// </summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        if (scope.ServiceProvider.GetRequiredService<StorageOptions>().Provider == StorageProvider.Sqlite)
        {
            // 16 KiB pages (taken only when the file is new): a rated line's stored wire forms (~3 KB) then fit
            // inside its b-tree cell instead of spilling into an overflow page of its own.
            await db.Database.ExecuteSqlRawAsync("PRAGMA page_size = 16384; PRAGMA journal_mode=WAL;", ct);
        }

        await db.Database.MigrateAsync(ct);
        var scripts = scope.ServiceProvider.GetServices<SchemaScript>().OrderBy(s => s.Order).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        if (scripts.Count == 0)
        {
            return;
        }

        await using var connection = await scope.ServiceProvider.GetRequiredService<SqliteDatabase>().OpenAsync(ct);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE IF NOT EXISTS schema_scripts (id TEXT NOT NULL PRIMARY KEY, applied_at_ticks INTEGER NOT NULL);";
            await create.ExecuteNonQueryAsync(ct);
        }

        foreach (var script in scripts)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
            await using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT COUNT(*) FROM schema_scripts WHERE id = $id;";
            check.Parameters.AddWithValue("$id", script.Id);
            if ((long)(await check.ExecuteScalarAsync(ct))! > 0)
            {
                continue;
            }

            await using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = script.Sql;
            await apply.ExecuteNonQueryAsync(ct);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_scripts (id, applied_at_ticks) VALUES ($id, $ticks);";
            record.Parameters.AddWithValue("$id", script.Id);
            record.Parameters.AddWithValue("$ticks", (scope.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcTicks);
            await record.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }
}

/// <summary>Owns the connection that keeps an in-memory database alive.</summary>
public sealed class InMemoryDatabaseKeeper(SqliteConnection connection) : IDisposable
{
    public void Dispose() => connection.Dispose();
}
