using PlanCenter.Application.Access;

namespace PlanCenter.Storage.Usage;

/// <summary><see cref="IResourceRegistry"/> over the <c>azure_resources</c> table.</summary>
public sealed class SqliteResourceStore(SqliteDatabase database) : IResourceRegistry
{
    public async Task RecordAsync(IReadOnlyCollection<string> armIds, string source, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction();
        SqliteResourceRegistry.Record(connection, transaction, armIds, source, now);
        await transaction.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<AzureResource>> ListAsync(Guid subscriptionId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT arm_id, subscription_id, resource_group, kind, first_seen, source FROM azure_resources
            WHERE subscription_id = $subscription ORDER BY arm_key;
            """;
        command.Parameters.AddWithValue("$subscription", subscriptionId.ToString("D"));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<AzureResource>();
        while (await reader.ReadAsync(ct))
        {
            list.Add(new AzureResource(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero), reader.GetString(5)));
        }

        return list;
    }
}
