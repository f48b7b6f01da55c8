using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Storage.Usage;

/// <summary>
/// <see cref="IUsageLedger"/> on SQLite with raw ADO.NET: one <c>BEGIN IMMEDIATE</c> transaction and one
/// reused prepared insert per batch, commit with <c>synchronous = FULL</c> before answering. The
/// idempotency set lives in memory, is rebuilt from the tables at first use, catches up with rows other
/// processes wrote (by sequence) inside each write transaction, and takes a batch's keys only after commit.
/// </summary>
public sealed class SqliteUsageLedger(SqliteDatabase database, IMeterDirectory meters, TimeProvider clock) : IUsageLedger
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<UsageRecordKey> _seen = [];
    private readonly HashSet<string> _resources = new(StringComparer.OrdinalIgnoreCase);
    private long _recordsSeq = -1;
    private long _rejectsSeq = -1;
    private long _resourcesLoaded = -1;

    public async Task<UsageIngestResult> IngestBatchAsync(IReadOnlyList<UsageRow> rows, PartnerTenantId? submitter, string source, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var connection = await database.OpenAsync(ct);
            return Ingest(connection, rows, submitter, source);
        }
        finally
        {
            _gate.Release();
        }
    }

    private UsageIngestResult Ingest(SqliteConnection connection, IReadOnlyList<UsageRow> rows, PartnerTenantId? submitter, string source)
    {
        Execute(connection, null, "PRAGMA synchronous = FULL;");
        using var transaction = connection.BeginTransaction(deferred: false);
        CatchUp(connection, transaction);
        var now = clock.GetUtcNow();
        var validator = new UsageRecordValidator(LoadEntitlements(connection, transaction), meters, submitter, now);
        var batchId = NextBatchId(connection, transaction);

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO usage_records (key_hi, key_lo, batch_id, usage_record_id, entitlement_id, resource_uri, meter_id, usage_start, quantity,
                resource_location, consumed_service, tags, additional_info, service_info1, service_info2)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15);
            """;
        var p = new SqliteParameter[15];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = insert.CreateParameter();
            p[i].ParameterName = "$" + (i + 1).ToString(CultureInfo.InvariantCulture);
            insert.Parameters.Add(p[i]);
        }

        insert.Prepare();
        p[2].Value = batchId;

        using var reject = connection.CreateCommand();
        reject.Transaction = transaction;
        reject.CommandText = """
            INSERT INTO usage_rejects (key_hi, key_lo, batch_id, partner_id, line_number, reason, detail, usage_record_id, entitlement_id,
                resource_uri, meter_id, usage_start, quantity)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
            """;
        var r = new SqliteParameter[13];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = reject.CreateParameter();
            r[i].ParameterName = "$" + (i + 1).ToString(CultureInfo.InvariantCulture);
            reject.Parameters.Add(r[i]);
        }

        r[2].Value = batchId;

        var pending = new HashSet<UsageRecordKey>(rows.Count);
        var newResources = new List<(string Uri, string Subscription)>();
        var rejects = new List<UsageReject>();
        var accepted = 0;
        var duplicates = 0;
        var seen = _seen;
        foreach (var row in rows)
        {
            var text = row.Text;
            UsageRecordKey? key = string.IsNullOrWhiteSpace(text.UsageRecordId) ? null : UsageRecordKey.Of(text.UsageRecordId);
            if (key is { } k && (seen.Contains(k) || !pending.Add(k)))
            {
                duplicates++;
                continue;
            }

            UsageRecord record;
            RejectReason reason;
            string? detail;
            bool valid;
            if (row.Problem is not null)
            {
                (record, reason, detail, valid) = (default, RejectReason.Malformed, row.Problem, false);
            }
            else
            {
                valid = validator.TryValidate(text, out record, out reason, out detail);
            }

            if (!valid)
            {
                var partner = submitter?.ToString();
                if (partner is null && TypedId.TryParse<AzureSubscriptionId>(text.EntitlementId?.Trim(), out var entitlement)
                    && validator.Entitlements.TryGet(entitlement, out var window))
                {
                    partner = window.PartnerId.ToString();
                }

                r[0].Value = key is { } k1 ? k1.High : DBNull.Value;
                r[1].Value = key is { } k2 ? k2.Low : DBNull.Value;
                r[3].Value = (object?)partner ?? DBNull.Value;
                r[4].Value = text.LineNumber;
                r[5].Value = reason.ToString();
                r[6].Value = detail ?? reason.ToString();
                r[7].Value = (object?)text.UsageRecordId ?? DBNull.Value;
                r[8].Value = (object?)text.EntitlementId ?? DBNull.Value;
                r[9].Value = (object?)text.ResourceUri ?? DBNull.Value;
                r[10].Value = (object?)text.MeterId ?? DBNull.Value;
                r[11].Value = (object?)text.UsageStart ?? DBNull.Value;
                r[12].Value = (object?)text.Quantity ?? DBNull.Value;
                reject.ExecuteNonQuery();
                rejects.Add(new UsageReject(text.LineNumber, text.UsageRecordId, reason, detail ?? reason.ToString()));
                continue;
            }

            var id = key!.Value;
            p[0].Value = id.High;
            p[1].Value = id.Low;
            p[3].Value = record.UsageRecordId;
            p[4].Value = record.EntitlementId.ToString();
            p[5].Value = record.ResourceUri;
            p[6].Value = record.MeterId.ToString();
            p[7].Value = record.UsageStartAt.UtcTicks;
            p[8].Value = text.Quantity!.Trim();
            p[9].Value = (object?)record.ResourceLocation ?? DBNull.Value;
            p[10].Value = (object?)record.ConsumedService ?? DBNull.Value;
            p[11].Value = (object?)record.Tags ?? DBNull.Value;
            p[12].Value = (object?)record.AdditionalInfo ?? DBNull.Value;
            p[13].Value = (object?)record.ServiceInfo1 ?? DBNull.Value;
            p[14].Value = (object?)record.ServiceInfo2 ?? DBNull.Value;
            insert.ExecuteNonQuery();
            accepted++;
            if (!_resources.Contains(record.ResourceUri))
            {
                newResources.Add((record.ResourceUri, record.EntitlementId.ToString()));
            }
        }

        if (newResources.Count > 0)
        {
            SqliteResourceRegistry.Record(connection, transaction, newResources.Select(n => n.Uri), "usage", now);
        }

        using (var batch = connection.CreateCommand())
        {
            batch.Transaction = transaction;
            batch.CommandText = """
                INSERT INTO usage_batches (batch_id, received_at, source, submitter, received, accepted, duplicates, rejected)
                VALUES ($id, $at, $source, $submitter, $received, $accepted, $duplicates, $rejected);
                """;
            batch.Parameters.AddWithValue("$id", batchId);
            batch.Parameters.AddWithValue("$at", now.UtcTicks);
            batch.Parameters.AddWithValue("$source", source);
            batch.Parameters.AddWithValue("$submitter", (object?)submitter?.ToString() ?? DBNull.Value);
            batch.Parameters.AddWithValue("$received", rows.Count);
            batch.Parameters.AddWithValue("$accepted", accepted);
            batch.Parameters.AddWithValue("$duplicates", duplicates);
            batch.Parameters.AddWithValue("$rejected", rejects.Count);
            batch.ExecuteNonQuery();
        }

        var recordsSeq = MaxSeq(connection, transaction, "usage_records");
        var rejectsSeq = MaxSeq(connection, transaction, "usage_rejects");
        transaction.Commit();

        // Only now, with the batch durable, do its ids count as seen.
        seen.UnionWith(pending);
        foreach (var (uri, _) in newResources)
        {
            _resources.Add(uri);
        }

        _recordsSeq = recordsSeq;
        _rejectsSeq = rejectsSeq;
        return new UsageIngestResult(batchId, rows.Count, accepted, duplicates, rejects);
    }

    /// <summary>Adds the keys of rows written since the last look (at first use: all of them).</summary>
    private void CatchUp(SqliteConnection connection, SqliteTransaction transaction)
    {
        _recordsSeq = LoadKeys(connection, transaction, "usage_records", _recordsSeq);
        _rejectsSeq = LoadKeys(connection, transaction, "usage_rejects", _rejectsSeq);
        if (_resourcesLoaded < 0)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT arm_id FROM azure_resources;";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _resources.Add(reader.GetString(0));
            }

            _resourcesLoaded = 1;
        }
    }

    private long LoadKeys(SqliteConnection connection, SqliteTransaction transaction, string table, long after)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT seq, key_hi, key_lo FROM {table} WHERE seq > $after AND key_hi IS NOT NULL ORDER BY seq;";
        command.Parameters.AddWithValue("$after", after);
        using var reader = command.ExecuteReader();
        var last = after < 0 ? 0 : after;
        while (reader.Read())
        {
            last = reader.GetInt64(0);
            _seen.Add(new UsageRecordKey(reader.GetInt64(1), reader.GetInt64(2)));
        }

        return Math.Max(last, MaxSeq(connection, transaction, table));
    }

    private static long MaxSeq(SqliteConnection connection, SqliteTransaction transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT COALESCE(MAX(seq), 0) FROM {table};";
        return (long)command.ExecuteScalar()!;
    }

    private static long NextBatchId(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(batch_id), 0) + 1 FROM usage_batches;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>
    /// The Azure subscriptions, billable from the UTC date they were created (00:00) until cancelled.
    /// </summary>
    private static EntitlementDirectory LoadEntitlements(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT Id, PartnerId, CreatedAt, CancelledAt, Status FROM AzureSubscriptions;";
        using var reader = command.ExecuteReader();
        var windows = new List<EntitlementWindow>();
        while (reader.Read())
        {
            var created = new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero);
            var start = UtcText.StartOfDay(UtcText.UtcDate(created));
            DateTimeOffset? end = reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetInt64(3), TimeSpan.Zero);
            windows.Add(new EntitlementWindow(new AzureSubscriptionId(Guid.Parse(reader.GetString(0))), new PartnerTenantId(Guid.Parse(reader.GetString(1))), start, end));
        }

        return new EntitlementDirectory(windows);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async Task<IReadOnlyList<StoredReject>> ListRejectsAsync(PartnerTenantId? partner, long after, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT r.seq, r.batch_id, b.received_at, r.line_number, r.usage_record_id, r.entitlement_id, r.resource_uri, r.meter_id,
                   r.usage_start, r.quantity, r.reason, r.detail
            FROM usage_rejects r JOIN usage_batches b ON b.batch_id = r.batch_id
            WHERE r.seq > $after {(partner is null ? "" : "AND r.partner_id = $partner")}
            ORDER BY r.seq LIMIT $limit;
            """;
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        if (partner is { } p)
        {
            command.Parameters.AddWithValue("$partner", p.ToString());
        }

        var list = new List<StoredReject>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            list.Add(new StoredReject(reader.GetInt64(0), reader.GetInt64(1), new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), reader.GetInt64(3),
                Text(4), Text(5), Text(6), Text(7), Text(8), Text(9), Enum.Parse<RejectReason>(reader.GetString(10)), reader.GetString(11)));
        }

        return list;
    }

    public async Task<UsageTotals> TotalsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM usage_records), (SELECT COUNT(*) FROM usage_rejects), (SELECT COUNT(*) FROM usage_batches),
                   (SELECT COALESCE(SUM(duplicates), 0) FROM usage_batches);
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new UsageTotals(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }
}

/// <summary>Records resource groups and resources (ARM ids, case-insensitive) in <c>azure_resources</c>.</summary>
public static class SqliteResourceRegistry
{
    public static void Record(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<string> armIds, string source, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO azure_resources (arm_key, arm_id, subscription_id, resource_group, kind, first_seen, source)
            VALUES ($key, $id, $subscription, $group, $kind, $at, $source) ON CONFLICT (arm_key) DO NOTHING;
            """;
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var subscription = command.Parameters.Add("$subscription", SqliteType.Text);
        var group = command.Parameters.Add("$group", SqliteType.Text);
        var kind = command.Parameters.Add("$kind", SqliteType.Text);
        command.Parameters.AddWithValue("$at", now.UtcTicks);
        command.Parameters.AddWithValue("$source", source);
        foreach (var armId in armIds)
        {
            if (!ArmId.TryParseScope(armId, out var sub, out var segments, out _) || segments.Length < 4)
            {
                continue;
            }

            var normalized = AccessScope.Normalize(armId);
            var groupId = "/" + string.Join('/', segments[..4]);
            void Write(string value, string what)
            {
                key.Value = value.ToLowerInvariant();
                id.Value = value;
                subscription.Value = sub.ToString("D");
                group.Value = segments[3];
                kind.Value = what;
                command.ExecuteNonQuery();
            }

            Write(groupId, "ResourceGroup");
            if (segments.Length > 4)
            {
                Write(normalized, "Resource");
            }
        }
    }
}
