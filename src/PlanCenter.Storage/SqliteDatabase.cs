using Microsoft.Data.Sqlite;

namespace PlanCenter.Storage;

/// <summary>
/// Opens raw ADO.NET connections to the instance database, for the bulk and hot paths (price lists,
/// usage, rated lines) that go around EF Core. Connections are pooled; open one per unit of work.
/// </summary>
public sealed class SqliteDatabase(string connectionString)
{
    public string ConnectionString { get; } = connectionString;

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        using var pragma = connection.CreateCommand();
        // Waits for a concurrent writer instead of failing at once; NORMAL sync is durable in WAL mode.
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }
}

/// <summary>Reading the values the raw tables store: exact decimals are kept as invariant text (SQLite would round them as doubles).</summary>
public static class StoredValues
{
    /// <summary>The decimal stored as text in column <paramref name="ordinal"/>.</summary>
    public static decimal Decimal(SqliteDataReader reader, int ordinal) =>
        decimal.Parse(reader.GetString(ordinal), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);
}
