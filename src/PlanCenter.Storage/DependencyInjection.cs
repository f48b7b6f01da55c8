using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Application.Abstractions;

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
        }

        services.AddScoped<ICommerceStore, EfCommerceStore>();
        return services;
    }

    /// <summary>Creates or migrates the schema; on SQLite files also turns on write-ahead logging.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        await db.Database.MigrateAsync(ct);
        if (scope.ServiceProvider.GetRequiredService<StorageOptions>().Provider == StorageProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}

/// <summary>Owns the connection that keeps an in-memory database alive.</summary>
public sealed class InMemoryDatabaseKeeper(SqliteConnection connection) : IDisposable
{
    public void Dispose() => connection.Dispose();
}
