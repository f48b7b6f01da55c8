using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Exports;

/// <summary>
/// The <c>export_operations</c> table (raw SQL, <see cref="ExportSchema"/>). Every read is scoped to a
/// partner, so another partner's operation is simply not found. <see cref="RunnerId"/> marks the rows this
/// process owns while they are unfinished.
/// </summary>
public sealed class ExportStore(SqliteDatabase database, ExportClock clock)
{
    private const string Columns = """
        id, partner_id, kind, currency, usage_month, invoice_id, attribute_set, status, created_ticks, last_action_ticks,
        records_done, records_total, error_code, error_message, manifest_id, blob_count, etag, expires_ticks
        """;

    private byte[]? _sasKey;

    /// <summary>This process; unfinished operations of other runners were interrupted by a restart.</summary>
    public string RunnerId { get; } = Guid.NewGuid().ToString("N");

    private DateTimeOffset Now => clock.Wall.GetUtcNow();

    /// <summary>Stores a new, not started operation and returns it.</summary>
    public async Task<ExportOperation> CreateAsync(ExportRequest request, CancellationToken ct)
    {
        var operation = new ExportOperation
        {
            Id = Guid.NewGuid().ToString(),
            Request = request,
            Status = ExportStatus.NotStarted,
            CreatedAt = Now,
            LastActionAt = Now,
        };
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO export_operations (id, partner_id, kind, currency, usage_month, invoice_id, attribute_set, status, runner_id, created_ticks, last_action_ticks)
            VALUES ($id, $partner, $kind, $currency, $month, $invoice, $set, $status, $runner, $now, $now);
            """;
        command.Parameters.AddWithValue("$id", operation.Id);
        command.Parameters.AddWithValue("$partner", request.Partner.ToString());
        command.Parameters.AddWithValue("$kind", request.Kind.ToString());
        command.Parameters.AddWithValue("$currency", (object?)request.Currency ?? DBNull.Value);
        command.Parameters.AddWithValue("$month", request.Month is { } m ? m.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : DBNull.Value);
        command.Parameters.AddWithValue("$invoice", (object?)request.InvoiceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$set", request.Full ? "full" : "basic");
        command.Parameters.AddWithValue("$status", nameof(ExportStatus.NotStarted));
        command.Parameters.AddWithValue("$runner", RunnerId);
        command.Parameters.AddWithValue("$now", operation.CreatedAt.UtcTicks);
        await command.ExecuteNonQueryAsync(ct);
        return operation;
    }

    /// <summary>The operation <paramref name="id"/> of <paramref name="partner"/>, or null.</summary>
    public Task<ExportOperation?> FindAsync(PartnerTenantId partner, string id, CancellationToken ct) =>
        FindWhereAsync("id = $key AND partner_id = $partner", id, partner, ct);

    /// <summary>The operation whose manifest is <paramref name="manifestId"/>, of <paramref name="partner"/>, or null.</summary>
    public Task<ExportOperation?> FindByManifestAsync(PartnerTenantId partner, string manifestId, CancellationToken ct) =>
        FindWhereAsync("manifest_id = $key AND partner_id = $partner", manifestId, partner, ct);

    /// <summary>The operation whose manifest is <paramref name="manifestId"/>, whoever owns it (blob downloads carry only a SAS token).</summary>
    public Task<ExportOperation?> FindByManifestAsync(string manifestId, CancellationToken ct) =>
        FindWhereAsync("manifest_id = $key", manifestId, null, ct);

    /// <summary>The operation <paramref name="id"/>, whoever owns it (the export worker).</summary>
    public Task<ExportOperation?> FindAsync(string id, CancellationToken ct) => FindWhereAsync("id = $key", id, null, ct);

    private async Task<ExportOperation?> FindWhereAsync(string where, string key, PartnerTenantId? partner, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM export_operations WHERE {where};";
        command.Parameters.AddWithValue("$key", key);
        if (partner is { } p)
        {
            command.Parameters.AddWithValue("$partner", p.ToString());
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static ExportOperation Read(SqliteDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        DateTimeOffset At(long ticks) => new(ticks, TimeSpan.Zero);
        var month = Text(4);
        return new ExportOperation
        {
            Id = reader.GetString(0),
            Request = new ExportRequest(
                new PartnerTenantId(Guid.Parse(reader.GetString(1))),
                Enum.Parse<ExportKind>(reader.GetString(2)),
                reader.GetString(6) == "full",
                Text(3),
                month is null ? null : DateOnly.ParseExact(month, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Text(5)),
            Status = Enum.Parse<ExportStatus>(reader.GetString(7)),
            CreatedAt = At(reader.GetInt64(8)),
            LastActionAt = At(reader.GetInt64(9)),
            RecordsDone = reader.GetInt64(10),
            RecordsTotal = reader.IsDBNull(11) ? null : reader.GetInt64(11),
            ErrorCode = Text(12),
            ErrorMessage = Text(13),
            ManifestId = Text(14),
            BlobCount = reader.IsDBNull(15) ? 0 : reader.GetInt32(15),
            ETag = Text(16),
            ExpiresAt = reader.IsDBNull(17) ? null : At(reader.GetInt64(17)),
        };
    }

    /// <summary>Marks the operation running with its record count (null when unknown).</summary>
    public Task StartAsync(string id, long? total, CancellationToken ct) => UpdateAsync(id,
        "status = 'Running', records_total = $total, last_action_ticks = $now", c => c.Parameters.AddWithValue("$total", (object?)total ?? DBNull.Value), ct);

    /// <summary>Records progress.</summary>
    public Task ProgressAsync(string id, long done, CancellationToken ct) => UpdateAsync(id,
        "records_done = $done, last_action_ticks = $now", c => c.Parameters.AddWithValue("$done", done), ct);

    /// <summary>Marks the operation succeeded with its manifest; it expires <paramref name="retention"/> from now.</summary>
    public Task SucceedAsync(string id, long done, int blobCount, TimeSpan retention, CancellationToken ct) => UpdateAsync(id, """
        status = 'Succeeded', records_done = $done, manifest_id = $manifest, blob_count = $blobs, etag = $etag, expires_ticks = $expires,
        last_action_ticks = $now
        """, c =>
    {
        c.Parameters.AddWithValue("$done", done);
        c.Parameters.AddWithValue("$manifest", Guid.NewGuid().ToString());
        c.Parameters.AddWithValue("$blobs", blobCount);
        c.Parameters.AddWithValue("$etag", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        c.Parameters.AddWithValue("$expires", (Now + retention).UtcTicks);
    }, ct);

    /// <summary>Marks the operation failed; it expires <paramref name="retention"/> from now.</summary>
    public Task FailAsync(string id, string code, string message, TimeSpan retention, CancellationToken ct) => UpdateAsync(id,
        "status = 'Failed', error_code = $code, error_message = $message, expires_ticks = $expires, last_action_ticks = $now", c =>
        {
            c.Parameters.AddWithValue("$code", code);
            c.Parameters.AddWithValue("$message", message);
            c.Parameters.AddWithValue("$expires", (Now + retention).UtcTicks);
        }, ct);

    private async Task UpdateAsync(string id, string set, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE export_operations SET {set} WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Now.UtcTicks);
        bind(command);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Fails every unfinished operation of another runner (a previous process): a restart does not resume
    /// work, the caller asks again. Returns their ids, whose partial files the caller removes.
    /// </summary>
    public async Task<IReadOnlyList<string>> FailInterruptedAsync(TimeSpan retention, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE export_operations
            SET status = 'Failed', error_code = 'interrupted', error_message = 'PlanCenter restarted while the export ran; request it again.',
                expires_ticks = $expires, last_action_ticks = $now
            WHERE status IN ('NotStarted', 'Running') AND runner_id <> $runner
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$runner", RunnerId);
        command.Parameters.AddWithValue("$now", Now.UtcTicks);
        command.Parameters.AddWithValue("$expires", (Now + retention).UtcTicks);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// The ids of operations expired by now (their files go; their rows stay so that the routes can answer
    /// 410 Gone); rows expired longer than <paramref name="keepRows"/> ago are deleted (then the id is 404).
    /// </summary>
    public async Task<IReadOnlyList<string>> SweepAsync(TimeSpan keepRows, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM export_operations WHERE expires_ticks <= $before;";
            delete.Parameters.AddWithValue("$before", (Now - keepRows).UtcTicks);
            await delete.ExecuteNonQueryAsync(ct);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM export_operations WHERE expires_ticks <= $now;";
        command.Parameters.AddWithValue("$now", Now.UtcTicks);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The key that signs SAS tokens: created once, kept in <c>export_keys</c>.</summary>
    public async Task<byte[]> SasKeyAsync(CancellationToken ct)
    {
        if (_sasKey is { } known)
        {
            return known;
        }

        await using var connection = await database.OpenAsync(ct);
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT OR IGNORE INTO export_keys (name, value) VALUES ('sas', $value);";
            insert.Parameters.AddWithValue("$value", RandomNumberGenerator.GetBytes(32));
            await insert.ExecuteNonQueryAsync(ct);
        }

        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM export_keys WHERE name = 'sas';";
        return _sasKey = (byte[])(await select.ExecuteScalarAsync(ct))!;
    }
}
