using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Storage.Usage;

/// <summary>
/// <see cref="IUsageLedger"/> on SQLite: one <c>BEGIN IMMEDIATE</c> transaction per batch with prepared
/// multi-row inserts bound by position, committed with <c>synchronous = FULL</c> before answering. The
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

    // References of usage_refs: committed ones, and the ones the current batch adds (merged after commit).
    private readonly Dictionary<Guid, long> _entitlementRefs = [];
    private readonly Dictionary<Guid, long> _meterRefs = [];
    private readonly Dictionary<string, long> _resourceRefs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _locationRefs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _serviceRefs = new(StringComparer.Ordinal);
    private readonly List<(char Kind, string Value, long Ref)> _pendingRefs = [];
    private long _refsSeq = -1;
    private long _nextRef;

    private long EntitlementRef(SqliteCommand addRef, Guid value) =>
        _entitlementRefs.TryGetValue(value, out var found) ? found : AddRef(addRef, 'E', value.ToString("D"), () => _entitlementRefs.Add(value, _nextRef));

    private long MeterRef(SqliteCommand addRef, Guid value) =>
        _meterRefs.TryGetValue(value, out var found) ? found : AddRef(addRef, 'M', value.ToString("D"), () => _meterRefs.Add(value, _nextRef));

    private long ResourceRef(SqliteCommand addRef, string value) =>
        _resourceRefs.TryGetValue(value, out var found) ? found : AddRef(addRef, 'R', value, () => _resourceRefs.Add(value, _nextRef));

    private long? TextRef(SqliteCommand addRef, char kind, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var refs = kind == 'L' ? _locationRefs : _serviceRefs;
        return refs.TryGetValue(value, out var found) ? found : AddRef(addRef, kind, value, () => refs.Add(value, _nextRef));
    }

    /// <summary>Writes a new reference; it is visible to this batch at once and forgotten again if the batch rolls back.</summary>
    private long AddRef(SqliteCommand addRef, char kind, string value, Action remember)
    {
        var id = ++_nextRef;
        addRef.Parameters[0].Value = id;
        addRef.Parameters[1].Value = kind.ToString();
        addRef.Parameters[2].Value = value;
        addRef.ExecuteNonQuery();
        remember();
        _pendingRefs.Add((kind, value, id));
        return id;
    }

    private void ForgetPendingRefs()
    {
        foreach (var (kind, value, _) in _pendingRefs)
        {
            _ = kind switch
            {
                'E' => _entitlementRefs.Remove(Guid.Parse(value)),
                'M' => _meterRefs.Remove(Guid.Parse(value)),
                'L' => _locationRefs.Remove(value),
                'S' => _serviceRefs.Remove(value),
                _ => _resourceRefs.Remove(value),
            };
        }

        _pendingRefs.Clear();
        _nextRef = _refsSeq;
    }

    private void CatchUpRefs(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT ref, kind, value FROM usage_refs WHERE ref > $after ORDER BY ref;";
        command.Parameters.AddWithValue("$after", _refsSeq);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _refsSeq = reader.GetInt64(0);
            var value = reader.GetString(2);
            switch (reader.GetString(1))
            {
                case "E":
                    _entitlementRefs[Guid.Parse(value)] = _refsSeq;
                    break;
                case "M":
                    _meterRefs[Guid.Parse(value)] = _refsSeq;
                    break;
                case "L":
                    _locationRefs[value] = _refsSeq;
                    break;
                case "S":
                    _serviceRefs[value] = _refsSeq;
                    break;
                default:
                    _resourceRefs[value] = _refsSeq;
                    break;
            }
        }

        _refsSeq = Math.Max(_refsSeq, 0);
        _nextRef = _refsSeq;
    }

    // Per-batch work arrays, reused (batches are serialized by the gate): no large allocations per batch.
    private readonly HashSet<UsageRecordKey> _pending = [];
    private UsageRecordKey?[] _keys = [];
    private bool[] _fresh = [];
    private UsageRecord[] _records = [];
    private RejectReason[] _reasons = [];
    private string?[] _details = [];
    private bool[] _valid = [];

    private void EnsureBuffers(int count)
    {
        if (_keys.Length >= count)
        {
            return;
        }

        _keys = new UsageRecordKey?[count];
        _fresh = new bool[count];
        _records = new UsageRecord[count];
        _reasons = new RejectReason[count];
        _details = new string?[count];
        _valid = new bool[count];
    }

    public async Task<UsageIngestResult> IngestBatchAsync(IReadOnlyList<UsageRow> rows, PartnerTenantId? submitter, string source, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await meters.RefreshAsync(ct);
            await using var connection = await database.OpenAsync(ct);
            try
            {
                return Ingest(connection, rows, submitter, source);
            }
            finally
            {
                // The connection goes back to the pool EF Core shares: leave it as OpenAsync would. A failure here must
                // not hide the batch's own outcome; a connection that cannot run a pragma is dropped by the pool anyway.
                try
                {
                    Execute(connection, null, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000;");
                }
                catch (SqliteException)
                {
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private UsageIngestResult Ingest(SqliteConnection connection, IReadOnlyList<UsageRow> rows, PartnerTenantId? submitter, string source)
    {
        Execute(connection, null, "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536;");
        using var transaction = connection.BeginTransaction(deferred: false);
        CatchUp(connection, transaction);
        var now = clock.GetUtcNow();
        var validator = new UsageRecordValidator(LoadEntitlements(connection, transaction), meters, submitter, now);
        var batchId = NextBatchId(connection, transaction);

        using var inserter = new RecordInserter(connection, transaction, batchId);
        using var addRef = connection.CreateCommand();
        addRef.Transaction = transaction;
        addRef.CommandText = "INSERT INTO usage_refs (ref, kind, value) VALUES ($ref, $kind, $value);";
        addRef.Parameters.Add("$ref", SqliteType.Integer);
        addRef.Parameters.Add("$kind", SqliteType.Text);
        addRef.Parameters.Add("$value", SqliteType.Text);

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

        // 1. Idempotency, in input order: a repeated id (earlier batch or earlier in this one) is counted, not checked.
        var count = rows.Count;
        EnsureBuffers(count);
        var (keys, fresh, records, reasons, details, valid) = (_keys, _fresh, _records, _reasons, _details, _valid);
        Array.Clear(keys, 0, count);
        Array.Clear(fresh, 0, count);
        Array.Clear(valid, 0, count);
        Array.Clear(details, 0, count);
        var pending = _pending;
        pending.Clear();
        var duplicates = 0;
        var seen = _seen;
        for (var i = 0; i < count; i++)
        {
            var id = rows[i].Text.UsageRecordId;
            if (string.IsNullOrWhiteSpace(id))
            {
                fresh[i] = true;
                continue;
            }

            var key = UsageRecordKey.Of(id);
            keys[i] = key;
            if (seen.Contains(key) || !pending.Add(key))
            {
                duplicates++;
                continue;
            }

            fresh[i] = true;
        }

        // 2. Validation is pure per record: both cores take part.
        // It runs ahead on another core, chunk by chunk, while this thread writes the chunks already checked.
        const int Chunk = 4096;
        var chunks = (count + Chunk - 1) / Chunk;
        using var ready = new SemaphoreSlim(0, Math.Max(1, chunks));
        var validation = Task.Run(() =>
        {
            for (var c = 0; c < chunks; c++)
            {
                var end = Math.Min(count, (c + 1) * Chunk);
                for (var i = c * Chunk; i < end; i++)
                {
                    if (!fresh[i])
                    {
                        continue;
                    }

                    if (rows[i].Problem is { } problem)
                    {
                        (reasons[i], details[i]) = (RejectReason.Malformed, problem);
                        continue;
                    }

                    valid[i] = validator.TryValidate(rows[i].Text, out records[i], out reasons[i], out details[i]);
                }

                ready.Release();
            }
        });

        // 3. Writes, in input order.
        var committedRefs = _refsSeq;
        var newResources = new List<(string Uri, string Subscription)>();
        var batchResources = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rejects = new List<UsageReject>();
        var accepted = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (i % Chunk == 0)
                {
                    WaitForChunk(ready, validation);
                }

                if (!fresh[i])
                {
                    continue;
                }

                var text = rows[i].Text;
                var key = keys[i];
                if (!valid[i])
                {
                    var reason = reasons[i];
                    var detail = details[i] ?? reason.ToString();
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
                    r[6].Value = detail;
                    r[7].Value = (object?)text.UsageRecordId ?? DBNull.Value;
                    r[8].Value = (object?)text.EntitlementId ?? DBNull.Value;
                    r[9].Value = (object?)text.ResourceUri ?? DBNull.Value;
                    r[10].Value = (object?)text.MeterId ?? DBNull.Value;
                    r[11].Value = (object?)text.UsageStart ?? DBNull.Value;
                    r[12].Value = (object?)text.Quantity ?? DBNull.Value;
                    reject.ExecuteNonQuery();
                    rejects.Add(new UsageReject(text.LineNumber, text.UsageRecordId, reason, detail));
                    continue;
                }

                ref readonly var record = ref records[i];
                var resourceRef = ResourceRef(addRef, record.ResourceUri);
                inserter.Add(key!.Value, record, text.Quantity!, EntitlementRef(addRef, record.EntitlementId.Value), resourceRef, MeterRef(addRef, record.MeterId.Value),
                    TextRef(addRef, 'L', record.ResourceLocation), TextRef(addRef, 'S', record.ConsumedService));
                accepted++;
                if (resourceRef > committedRefs && !_resources.Contains(record.ResourceUri) && batchResources.Add(record.ResourceUri))
                {
                    // A spelling new to this batch: record the resource (and its group) unless already known.
                    newResources.Add((record.ResourceUri, record.EntitlementId.ToString()));
                }
            }

            inserter.Flush();
        }
        finally
        {
            // Never leave the validator running on the shared work arrays, even when a write failed.
            ((IAsyncResult)validation).AsyncWaitHandle.WaitOne();
        }

        validation.GetAwaiter().GetResult();

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
        _resources.UnionWith(batchResources);
        _refsSeq = _nextRef;
        _pendingRefs.Clear();

        _recordsSeq = recordsSeq;
        _rejectsSeq = rejectsSeq;
        return new UsageIngestResult(batchId, rows.Count, accepted, duplicates, rejects);
    }

    /// <summary>
    /// Inserts accepted records <see cref="RowsPerStatement"/> at a time through one prepared multi-row
    /// statement (and a one-row statement for the remainder), binding by position straight through
    /// SQLitePCL (ADO.NET's by-name binding is quadratic in the parameters of a statement) and formatting ids
    /// into stack buffers: no allocation per record.
    /// </summary>
    private sealed class RecordInserter : IDisposable
    {
        public const int RowsPerStatement = 32;
        private const int Columns = 15;
        private const int Done = 101;
        private readonly SQLitePCL.sqlite3 _db;
        private readonly SQLitePCL.sqlite3_stmt _many;
        private readonly SQLitePCL.sqlite3_stmt _one;

        // Bindings survive sqlite3_reset: the batch id is bound once, and an optional column is rebound only
        // when its value changes (the reader shares repeated strings, so a reference check suffices).
        private readonly string?[] _manyBound = new string?[RowsPerStatement * Columns];
        private readonly string?[] _oneBound = new string?[Columns];
        private readonly long _batchId;
        private readonly Item[] _buffer = new Item[RowsPerStatement];
        private int _buffered;

        public RecordInserter(SqliteConnection connection, SqliteTransaction transaction, long batchId)
        {
            _ = transaction; // the statements run on the transaction's connection
            _db = connection.Handle!;
            _batchId = batchId;
            _many = Prepare(RowsPerStatement);
            _one = Prepare(1);
        }

        private SQLitePCL.sqlite3_stmt Prepare(int rows)
        {
            var sql = new System.Text.StringBuilder("""
                INSERT INTO usage_records (key_hi, key_lo, batch_id, usage_record_id, entitlement_ref, resource_ref, meter_ref, usage_start, quantity,
                    location_ref, service_ref, tags, additional_info, service_info1, service_info2) VALUES
                """);
            for (var row = 0; row < rows; row++)
            {
                sql.Append(row == 0 ? " (?" : ", (?").Append(string.Concat(Enumerable.Repeat(",?", Columns - 1))).Append(')');
            }

            Check(SQLitePCL.raw.sqlite3_prepare_v2(_db, sql.Append(';').ToString(), out var statement));
            for (var row = 0; row < rows; row++)
            {
                SQLitePCL.raw.sqlite3_bind_int64(statement, (row * Columns) + 3, _batchId);
            }

            return statement;
        }

        private readonly record struct Item(UsageRecordKey Key, UsageRecord Record, string Quantity, long Entitlement, long Resource, long Meter, long? Location, long? Service);

        public void Add(UsageRecordKey key, in UsageRecord record, string quantity, long entitlement, long resource, long meter, long? location, long? service)
        {
            _buffer[_buffered++] = new Item(key, record, quantity, entitlement, resource, meter, location, service);
            if (_buffered == RowsPerStatement)
            {
                for (var row = 0; row < RowsPerStatement; row++)
                {
                    Bind(_many, _manyBound, row * Columns, _buffer[row]);
                }

                Step(_many);
                _buffered = 0;
            }
        }

        public void Flush()
        {
            for (var i = 0; i < _buffered; i++)
            {
                Bind(_one, _oneBound, 0, _buffer[i]);
                Step(_one);
            }

            _buffered = 0;
        }

        private void Step(SQLitePCL.sqlite3_stmt statement)
        {
            var result = SQLitePCL.raw.sqlite3_step(statement);
            SQLitePCL.raw.sqlite3_reset(statement);
            if (result != Done)
            {
                Check(result);
            }
        }

        private static void Bind(SQLitePCL.sqlite3_stmt statement, string?[] bound, int at, in Item item)
        {
            var record = item.Record;
            var slot = at;
            at++;
            SQLitePCL.raw.sqlite3_bind_int64(statement, at, item.Key.High);
            SQLitePCL.raw.sqlite3_bind_int64(statement, at + 1, item.Key.Low);
            if (IsLowerCaseGuid(record.UsageRecordId))
            {
                SQLitePCL.raw.sqlite3_bind_null(statement, at + 3);
            }
            else
            {
                SQLitePCL.raw.sqlite3_bind_text16(statement, at + 3, record.UsageRecordId.AsSpan());
            }

            SQLitePCL.raw.sqlite3_bind_int64(statement, at + 4, item.Entitlement);
            SQLitePCL.raw.sqlite3_bind_int64(statement, at + 5, item.Resource);
            SQLitePCL.raw.sqlite3_bind_int64(statement, at + 6, item.Meter);
            SQLitePCL.raw.sqlite3_bind_int64(statement, at + 7, record.UsageStartAt.UtcTicks);
            SQLitePCL.raw.sqlite3_bind_text16(statement, at + 8, item.Quantity.AsSpan().Trim());
            BindRef(statement, at + 9, item.Location);
            BindRef(statement, at + 10, item.Service);
            BindOptional(statement, bound, slot + 11, record.Tags);
            BindOptional(statement, bound, slot + 12, record.AdditionalInfo);
            BindOptional(statement, bound, slot + 13, record.ServiceInfo1);
            BindOptional(statement, bound, slot + 14, record.ServiceInfo2);
        }

        private static void BindRef(SQLitePCL.sqlite3_stmt statement, int index, long? value)
        {
            if (value is { } id)
            {
                SQLitePCL.raw.sqlite3_bind_int64(statement, index, id);
            }
            else
            {
                SQLitePCL.raw.sqlite3_bind_null(statement, index);
            }
        }

        /// <summary>True for <c>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</c> in lower-case hex: the text the view rebuilds from the key.</summary>
        private static bool IsLowerCaseGuid(string id)
        {
            if (id.Length != 36)
            {
                return false;
            }

            for (var i = 0; i < 36; i++)
            {
                var c = id[i];
                var ok = i is 8 or 13 or 18 or 23 ? c == '-' : c is (>= '0' and <= '9') or (>= 'a' and <= 'f');
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        private static void BindOptional(SQLitePCL.sqlite3_stmt statement, string?[] bound, int slot, string? value)
        {
            if (ReferenceEquals(bound[slot], value))
            {
                return;
            }

            bound[slot] = value;
            var index = slot + 1;
            if (value is null)
            {
                SQLitePCL.raw.sqlite3_bind_null(statement, index);
            }
            else
            {
                SQLitePCL.raw.sqlite3_bind_text16(statement, index, value.AsSpan());
            }
        }

        private void Check(int result)
        {
            if (result != 0)
            {
                throw new SqliteException($"SQLite error {result}: {SQLitePCL.raw.sqlite3_errmsg(_db).utf8_to_string()}", result);
            }
        }

        public void Dispose()
        {
            _many.Dispose();
            _one.Dispose();
        }
    }

    /// <summary>Waits until the validator has finished the next chunk; rethrows if it failed.</summary>
    private static void WaitForChunk(SemaphoreSlim ready, Task validation)
    {
        while (!ready.Wait(50))
        {
            if (validation.IsFaulted)
            {
                validation.GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>Adds the keys of rows written since the last look (at first use: all of them).</summary>
    private void CatchUp(SqliteConnection connection, SqliteTransaction transaction)
    {
        _recordsSeq = LoadKeys(connection, transaction, "usage_records", _recordsSeq);
        ForgetPendingRefs();
        CatchUpRefs(connection, transaction);
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
