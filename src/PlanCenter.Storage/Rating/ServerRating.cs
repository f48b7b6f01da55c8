using System.Buffers;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;
using PlanCenter.Storage.Pricing;

namespace PlanCenter.Storage.Rating;

/// <summary>The seek key of a rated line inside one partner and period: billing-rules §2.6 order on lower-case ids.</summary>
public readonly record struct RatedLineKey(string Entitlement, string UsageDate, string Meter, string Resource)
{
    /// <summary>The key of a rated line.</summary>
    public static RatedLineKey Of(RatedUsageLine line) => new(
        line.Usage.EntitlementId.ToString(), line.UsageDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        line.MeterId.ToString(), line.Usage.ResourceUri.ToLowerInvariant());
}

/// <summary>
/// Which rated lines to read: one partner's lines of one billing period (<see cref="Month"/>: the lines its
/// invoice bills, see <see cref="BillingState"/>), optionally filtered (currency, PEC, customer, plan).
/// <see cref="InvoiceNumber"/> is set when the period is invoiced: the wire forms then carry it.
/// </summary>
public sealed record RatedLineQuery(PartnerTenantId Partner, DateOnly Month, string? Currency, bool? HasPartnerEarnedCredit,
    CustomerId? Customer = null, SubscriptionId? Plan = null, string? InvoiceNumber = null);

/// <summary>
/// A stored usage record rating rejected (billing-rules §2.1), with the record's fields as stored. Fields are
/// null only for rejects stored before they were kept (<see cref="RatingSchema.RejectDetails"/>).
/// </summary>
public sealed record RatingReject(string UsageRecordId, RejectReason Reason, string Detail, string? EntitlementId, string? ResourceUri,
    string? MeterId, DateTimeOffset? UsageStartAt, string? Quantity);

/// <summary>
/// How far billing has closed: every rated line of a period up to <see cref="ClosedThrough"/> is invoiced,
/// and the usage records it billed are those up to ledger sequence <see cref="ClosedThroughSeq"/>. Usage of
/// a closed month that arrives later is billed in the oldest open period (billing-rules §4).
/// </summary>
public readonly record struct BillingState(DateOnly? ClosedThrough, long ClosedThroughSeq)
{
    /// <summary>The billing period that bills usage of <paramref name="month"/> rated now.</summary>
    public DateOnly BillPeriodOf(DateOnly month) => ClosedThrough is { } closed && month <= closed ? closed.AddMonths(1) : month;

    /// <summary>Whether the period is closed (invoiced).</summary>
    public bool IsClosed(DateOnly month) => ClosedThrough is { } closed && month <= closed;

    /// <summary>The first open period, when any period has closed.</summary>
    public DateOnly? FirstOpen => ClosedThrough?.AddMonths(1);
}

/// <summary>
/// Server-side rating (issue 5): keeps <c>rated_usage_lines</c> equal to what the rating engine gives for
/// all stored accepted usage. Incremental: usage records after the last rated sequence touch some
/// (plan, meter, month) keys; all usage of exactly those keys is re-read, re-rated with the same
/// <see cref="RatingEngine"/> as the offline command (tiers accumulate per plan-meter-month, so a new day
/// can change later days of its month) and their lines replaced in one transaction. When the reference
/// data changes (prices, FX, accounts, access; see <see cref="RatingInputs.Fingerprint"/>) everything is
/// re-rated. <see cref="CatchUpAsync"/> runs after every ingest and <see cref="CatchUpForReadAsync"/> before
/// every read, so reads never see stale lines, except that during a month close they see the lines as they
/// were when it began. Serialized; safe to call from any thread.
/// </summary>
public sealed class ServerRating(SqliteDatabase database, PriceListStore prices, FxRateStore rates, RatingSettings settings, ILogger<ServerRating> log)
{
    private const string FingerprintState = "fingerprint";
    private const string RatedSeqState = "rated_seq";

    /// <summary>How long a read waits for rating at a time before it looks whether a close holds it.</summary>
    private static readonly TimeSpan ReadPatience = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private RatingInputs? _inputs;

    /// <summary>The reference data of the stored lines while a month close holds rating off; null otherwise.</summary>
    private RatingInputs? _heldForClose;

    /// <summary>The settings the lines are rated with.</summary>
    public RatingOptions Options { get; } = settings.Options;

    /// <summary>The reference data of the stored lines, after catching up.</summary>
    public Task<RatingInputs> CatchUpAsync(CancellationToken ct) => ExclusiveAsync((_, inputs) => inputs, ct);

    /// <summary>
    /// For reads: catches up like <see cref="CatchUpAsync"/>, except while a month close holds rating off
    /// (see <see cref="ExclusiveAsync{T}"/>): a close of millions of lines reads for tens of seconds, and the
    /// stored lines cannot change meanwhile, so a read takes them as they are (caught up when the close
    /// began) instead of waiting for the close.
    /// </summary>
    public async Task<RatingInputs> CatchUpForReadAsync(CancellationToken ct)
    {
        while (!await _gate.WaitAsync(ReadPatience, ct))
        {
            if (Volatile.Read(ref _heldForClose) is { } held)
            {
                return held;
            }
        }

        return await CatchUpHoldingGateAsync((_, inputs) => inputs, readsProceed: false, ct);
    }

    /// <summary>
    /// Catches up, then runs <paramref name="work"/> on the same connection while no rating runs (the month
    /// close: nothing is re-rated between reading the lines and marking them invoiced). With
    /// <paramref name="readsProceed"/>, reads (<see cref="CatchUpForReadAsync"/>) do not wait for the work.
    /// </summary>
    public async Task<T> ExclusiveAsync<T>(Func<SqliteConnection, RatingInputs, T> work, CancellationToken ct, bool readsProceed = false)
    {
        await _gate.WaitAsync(ct);
        return await CatchUpHoldingGateAsync(work, readsProceed, ct);
    }

    /// <summary>Catches up and runs <paramref name="work"/>; the caller has taken the gate, which this releases.</summary>
    private async Task<T> CatchUpHoldingGateAsync<T>(Func<SqliteConnection, RatingInputs, T> work, bool readsProceed, CancellationToken ct)
    {
        try
        {
            await using var connection = await database.OpenAsync(ct);
            var inputs = await CatchUpLockedAsync(connection, ct);
            if (readsProceed)
            {
                Volatile.Write(ref _heldForClose, inputs);
            }

            return work(connection, inputs);
        }
        finally
        {
            Volatile.Write(ref _heldForClose, null);
            _gate.Release();
        }
    }

    private async Task<RatingInputs> CatchUpLockedAsync(SqliteConnection connection, CancellationToken ct)
    {
        var fingerprint = RatingInputs.ReadFingerprint(connection, null);
        var stored = ReadState(connection, null, FingerprintState);
        if (_inputs is null || _inputs.Fingerprint != fingerprint)
        {
            _inputs = RatingInputs.Load(connection, fingerprint, await prices.GetHistoryAsync(ct), await rates.LoadTableAsync(ct));
        }

        var inputs = _inputs;
        if (stored != fingerprint)
        {
            RateAll(connection, inputs);
            return inputs;
        }

        var ratedSeq = ReadRatedSeq(connection, null);
        var maxSeq = MaxUsageSeq(connection, null);
        if (maxSeq > ratedSeq)
        {
            RateNew(connection, inputs, ratedSeq, maxSeq);
        }

        return inputs;
    }

    /// <summary>The fingerprint of the reference data the stored lines were rated with.</summary>
    public static string? ReadRatedFingerprint(SqliteConnection connection, SqliteTransaction? transaction) =>
        ReadState(connection, transaction, FingerprintState);

    /// <summary>The ledger sequence through which stored usage is rated.</summary>
    public static long ReadRatedSeq(SqliteConnection connection, SqliteTransaction? transaction) =>
        long.Parse(ReadState(connection, transaction, RatedSeqState) ?? "0", CultureInfo.InvariantCulture);

    /// <summary>The billing state as stored (the latest close).</summary>
    public static BillingState ReadBillingState(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT period, through_seq FROM billing_closes ORDER BY period DESC LIMIT 1;";
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new BillingState(BillingCalendar.Parse(reader.GetString(0)), reader.GetInt64(1))
            : new BillingState(null, 0);
    }

    /// <summary>
    /// Re-rates every stored usage record that is not invoiced and replaces all unbilled lines (invoiced
    /// lines and their records are never touched: an issued invoice never changes).
    /// </summary>
    private void RateAll(SqliteConnection connection, RatingInputs inputs)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        if (ReadState(connection, transaction, FingerprintState) == inputs.Fingerprint)
        {
            // Another process (the CLI beside the server) re-rated first; the next catch-up takes it from there.
            return;
        }

        var state = ReadBillingState(connection, transaction);
        var maxSeq = MaxUsageSeq(connection, transaction);
        // Records not billed by an issued invoice: of an open month, arrived after the last close's sequence, or
        // carried past a close because rating rejected them then (see PeriodClose).
        const string Unbilled = "(usage_start >= $open OR seq > $billedSeq OR seq IN (SELECT seq FROM carried_records))";
        void Bind(SqliteCommand c)
        {
            c.Parameters.AddWithValue("$max", maxSeq);
            c.Parameters.AddWithValue("$open", state.FirstOpen is { } open ? open.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks : 0L);
            c.Parameters.AddWithValue("$billedSeq", state.ClosedThroughSeq);
            c.Parameters.AddWithValue("$closed", state.ClosedThrough is { } closed ? BillingCalendar.Format(closed) : "");
        }

        var records = ReadRecords(connection, transaction, $"SELECT {{0}} FROM usage_records_view WHERE seq <= $max AND {Unbilled};", Bind);
        var rejects = new List<(LedgerRecord Entry, RejectReason Reason, string Detail)>();
        var lines = Rate(connection, transaction, state, inputs, records, rejects);
        using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = state.ClosedThrough is null
                ? "DELETE FROM rated_usage_lines; DELETE FROM rating_rejects;"
                : $"""
                  DELETE FROM rated_usage_lines WHERE bill_period > $closed;
                  DELETE FROM rating_rejects WHERE usage_record_id IN (SELECT usage_record_id FROM usage_records_view WHERE seq <= $max AND {Unbilled});
                  """;
            Bind(delete);
            delete.ExecuteNonQuery();
        }

        Insert(connection, transaction, state, lines);
        InsertRejects(connection, transaction, inputs, rejects);
        WriteState(connection, transaction, FingerprintState, inputs.Fingerprint);
        WriteState(connection, transaction, RatedSeqState, maxSeq.ToString(CultureInfo.InvariantCulture));
        transaction.Commit();
        log.LogInformation("Rated all stored usage: {Lines} daily lines.", lines.Count);
    }

    /// <summary>Re-rates the plan-meter-months that records in (<paramref name="after"/>, <paramref name="through"/>] touch.</summary>
    private void RateNew(SqliteConnection connection, RatingInputs inputs, long after, long through)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        if (ReadRatedSeq(connection, transaction) != after || ReadState(connection, transaction, FingerprintState) != inputs.Fingerprint)
        {
            // Another process rated these records (or the reference data changed) since they were counted: rating
            // them again would add them twice. The next catch-up starts from what is stored now.
            return;
        }

        var state = ReadBillingState(connection, transaction);

        // 1. The new records only (a range of the ledger's sequence), validated and summed into daily lines.
        var records = ReadRecords(connection, transaction, "SELECT {0} FROM usage_records_view WHERE seq > $after AND seq <= $through ORDER BY seq;", c =>
        {
            c.Parameters.AddWithValue("$after", after);
            c.Parameters.AddWithValue("$through", through);
        });
        var rejects = new List<(LedgerRecord Entry, RejectReason Reason, string Detail)>();
        var byMonth = Accumulate(inputs, records, rejects);

        // 2. Each touched plan-meter-month: its stored unbilled daily lines merged with the new ones (DailyUsageLine.Merge),
        //    then the whole plan-meter-month re-rated, since tiers accumulate over its days. Invoiced lines stay as
        //    they are; late usage of an invoiced month continues its tiers from the invoiced quantity.
        var lines = new List<RatedUsageLine>();
        var touched = new HashSet<PlanMeterMonth>();
        using var load = connection.CreateCommand();
        load.Transaction = transaction;
        load.CommandText = """
            SELECT entitlement_key, usage_date, meter_key, resource_uri, quantity, latest_start, latest_record_id, resource_location,
                   consumed_service, tags, additional_info, service_info1, service_info2
            FROM rated_usage_lines WHERE plan_id = $plan AND meter_key = $meter AND period = $period AND bill_period > $closed;
            """;
        load.Parameters.AddWithValue("$closed", state.ClosedThrough is { } closedMonth ? BillingCalendar.Format(closedMonth) : "");
        var planParameter = load.Parameters.Add("$plan", SqliteType.Text);
        var meterParameter = load.Parameters.Add("$meter", SqliteType.Text);
        var periodParameter = load.Parameters.Add("$period", SqliteType.Text);
        foreach (var (month, accumulator) in byMonth)
        {
            var merged = new Dictionary<PlanMeterMonth, Dictionary<(AzureSubscriptionId, string, DateOnly), DailyUsageLine>>();
            foreach (var line in accumulator.ToLines())
            {
                var key = PlanMeterMonth.Of(inputs.Accounts.Get(line.EntitlementId).SubscriptionId, line.MeterId, line.UsageDate);
                if (!merged.TryGetValue(key, out var group))
                {
                    group = [];
                    merged.Add(key, group);
                    touched.Add(key);
                    planParameter.Value = key.SubscriptionId.ToString();
                    meterParameter.Value = key.MeterId.ToString();
                    periodParameter.Value = BillingCalendar.Format(key.Month);
                    using var reader = load.ExecuteReader();
                    while (reader.Read())
                    {
                        var stored = ReadUsage(reader);
                        group[(stored.EntitlementId, stored.ResourceUri.ToLowerInvariant(), stored.UsageDate)] = stored;
                    }
                }

                var lineKey = (line.EntitlementId, line.ResourceUri.ToLowerInvariant(), line.UsageDate);
                group[lineKey] = group.TryGetValue(lineKey, out var existing) ? existing.Merge(line) : line;
            }

            var engine = new RatingEngine(inputs.ContextOn(month), Options);
            var billed = state.IsClosed(month) ? BilledQuantities(connection, transaction, state, merged.Keys) : null;
            lines.AddRange(engine.Rate(merged.Values.SelectMany(g => g.Values), billed));
        }

        using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM rated_usage_lines WHERE plan_id = $plan AND meter_key = $meter AND period = $period AND bill_period > $closed;";
            delete.Parameters.AddWithValue("$closed", load.Parameters["$closed"].Value);
            var plan = delete.Parameters.Add("$plan", SqliteType.Text);
            var meter = delete.Parameters.Add("$meter", SqliteType.Text);
            var period = delete.Parameters.Add("$period", SqliteType.Text);
            foreach (var key in touched)
            {
                plan.Value = key.SubscriptionId.ToString();
                meter.Value = key.MeterId.ToString();
                period.Value = BillingCalendar.Format(key.Month);
                delete.ExecuteNonQuery();
            }
        }

        Insert(connection, transaction, state, lines);
        InsertRejects(connection, transaction, inputs, rejects);
        WriteState(connection, transaction, RatedSeqState, through.ToString(CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    /// <summary>A stored line's summed usage (the first 13 columns of the line queries).</summary>
    private static DailyUsageLine ReadUsage(SqliteDataReader reader)
    {
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new DailyUsageLine
        {
            EntitlementId = new AzureSubscriptionId(Guid.Parse(reader.GetString(0))),
            UsageDate = DateOnly.ParseExact(reader.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            MeterId = new MeterId(Guid.Parse(reader.GetString(2))),
            ResourceUri = reader.GetString(3),
            Quantity = StoredValues.Decimal(reader, 4),
            LatestUsageStartAt = new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
            LatestUsageRecordId = reader.GetString(6),
            ResourceLocation = Text(7),
            ConsumedService = Text(8),
            Tags = Text(9),
            AdditionalInfo = Text(10),
            ServiceInfo1 = Text(11),
            ServiceInfo2 = Text(12),
        };
    }

    /// <summary>Validates records with the context of their day (billing-rules §2.1) and sums the accepted ones per usage month.</summary>
    private static SortedDictionary<DateOnly, UsageAccumulator> Accumulate(RatingInputs inputs, IEnumerable<LedgerRecord> records,
        List<(LedgerRecord Entry, RejectReason Reason, string Detail)> rejects)
    {
        var byMonth = new SortedDictionary<DateOnly, UsageAccumulator>();
        foreach (var entry in records)
        {
            var record = entry.Record;
            var validation = inputs.ContextOn(record.UsageDate).Validate(record);
            if (!validation.IsAccepted)
            {
                rejects.Add((entry, validation.Reason!.Value, validation.Detail ?? ""));
                continue;
            }

            var month = new DateOnly(record.UsageDate.Year, record.UsageDate.Month, 1);
            if (!byMonth.TryGetValue(month, out var accumulator))
            {
                accumulator = new UsageAccumulator();
                byMonth.Add(month, accumulator);
            }

            accumulator.Add(record);
        }

        return byMonth;
    }

    /// <summary>
    /// Rates records with the engine: validated by the context of their day (billing-rules §2.1), summed per
    /// line, priced per usage month. Records the engine rejects are added to <paramref name="rejects"/>.
    /// </summary>
    private List<RatedUsageLine> Rate(SqliteConnection connection, SqliteTransaction transaction, BillingState state, RatingInputs inputs,
        IEnumerable<LedgerRecord> records, List<(LedgerRecord Entry, RejectReason Reason, string Detail)> rejects)
    {
        var byMonth = Accumulate(inputs, records, rejects);
        var lines = new List<RatedUsageLine>();
        foreach (var (month, accumulator) in byMonth)
        {
            var engine = new RatingEngine(inputs.ContextOn(month), Options);
            var daily = accumulator.ToLines();
            var billed = state.IsClosed(month) ? BilledQuantities(connection, transaction, state, engine.TouchedPlanMeterMonths(daily)) : null;
            lines.AddRange(engine.Rate(daily, billed));
        }

        return lines;
    }

    /// <summary>The invoiced quantity of each plan-meter-month of a closed month: where the tiers of its late usage start.</summary>
    private static Dictionary<PlanMeterMonth, decimal> BilledQuantities(SqliteConnection connection, SqliteTransaction transaction, BillingState state,
        IEnumerable<PlanMeterMonth> keys)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT quantity FROM rated_usage_lines WHERE plan_id = $plan AND meter_key = $meter AND period = $period AND bill_period <= $closed;";
        command.Parameters.AddWithValue("$closed", BillingCalendar.Format(state.ClosedThrough!.Value));
        var plan = command.Parameters.Add("$plan", SqliteType.Text);
        var meter = command.Parameters.Add("$meter", SqliteType.Text);
        var period = command.Parameters.Add("$period", SqliteType.Text);
        var quantities = new Dictionary<PlanMeterMonth, decimal>();
        foreach (var key in keys)
        {
            plan.Value = key.SubscriptionId.ToString();
            meter.Value = key.MeterId.ToString();
            period.Value = BillingCalendar.Format(key.Month);
            var sum = 0m;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                sum += StoredValues.Decimal(reader, 0);
            }

            quantities[key] = sum;
        }

        return quantities;
    }

    private const string RecordColumns = """
        seq, usage_record_id, entitlement_id, resource_uri, meter_id, usage_start, quantity, resource_location, consumed_service, tags,
        additional_info, service_info1, service_info2
        """;

    /// <summary>A stored usage record with its place in the ledger (what a carried record is known by).</summary>
    private readonly record struct LedgerRecord(long Seq, UsageRecord Record);

    private static List<LedgerRecord> ReadRecords(SqliteConnection connection, SqliteTransaction transaction, string sql, Action<SqliteCommand> bind)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = string.Format(CultureInfo.InvariantCulture, sql, RecordColumns);
        bind(command);
        using var reader = command.ExecuteReader();
        var records = new List<LedgerRecord>();
        while (reader.Read())
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            records.Add(new LedgerRecord(reader.GetInt64(0), new UsageRecord(
                reader.GetString(1),
                new AzureSubscriptionId(Guid.Parse(reader.GetString(2))),
                reader.GetString(3),
                new MeterId(Guid.Parse(reader.GetString(4))),
                new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                StoredValues.Decimal(reader, 6),
                Text(7), Text(8), Text(9), Text(10), Text(11), Text(12))));
        }

        return records;
    }

    /// <summary>
    /// Stores rated lines as unbilled lines of the billing period <paramref name="state"/> gives their
    /// month. Public for bulk loads (the close benchmark); the lines must be the engine's.
    /// </summary>
    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, BillingState state, IEnumerable<RatedUsageLine> lines)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO rated_usage_lines (partner_id, period, entitlement_key, usage_date, meter_key, resource_key, plan_id, customer_id,
                billing_currency, has_pec, resource_uri, quantity, latest_start, latest_record_id, resource_location, consumed_service, tags,
                additional_info, service_info1, service_info2, unit_price, effective_unit_price, pricing_total, billing_total, fx_rate, pec_percentage,
                json_item, csv_row, bill_period)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29);
            """;
        var p = new SqliteParameter[29];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = command.CreateParameter();
            p[i].ParameterName = "$" + (i + 1).ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(p[i]);
        }

        command.Prepare();
        foreach (var line in lines)
        {
            var key = RatedLineKey.Of(line);
            var usage = line.Usage;
            p[0].Value = line.Account.PartnerId.ToString();
            p[1].Value = BillingCalendar.Format(line.ChargeStartDate);
            p[2].Value = key.Entitlement;
            p[3].Value = key.UsageDate;
            p[4].Value = key.Meter;
            p[5].Value = key.Resource;
            p[6].Value = line.Account.SubscriptionId.ToString();
            p[7].Value = line.Account.CustomerId.ToString();
            p[8].Value = line.Account.BillingCurrency;
            p[9].Value = line.PartnerEarnedCreditPercentage != 0m ? 1 : 0;
            p[10].Value = usage.ResourceUri;
            p[11].Value = Number(usage.Quantity);
            p[12].Value = usage.LatestUsageStartAt.UtcTicks;
            p[13].Value = usage.LatestUsageRecordId;
            p[14].Value = (object?)usage.ResourceLocation ?? DBNull.Value;
            p[15].Value = (object?)usage.ConsumedService ?? DBNull.Value;
            p[16].Value = (object?)usage.Tags ?? DBNull.Value;
            p[17].Value = (object?)usage.AdditionalInfo ?? DBNull.Value;
            p[18].Value = (object?)usage.ServiceInfo1 ?? DBNull.Value;
            p[19].Value = (object?)usage.ServiceInfo2 ?? DBNull.Value;
            p[20].Value = Number(line.UnitPrice);
            p[21].Value = Number(line.EffectiveUnitPrice);
            p[22].Value = Number(line.PricingPreTaxTotal);
            p[23].Value = Number(line.BillingPreTaxTotal);
            p[24].Value = Number(line.PCToBCExchangeRate);
            p[25].Value = Number(line.PartnerEarnedCreditPercentage);
            p[26].Value = RatedLineRendering.JsonItem(line);
            p[27].Value = RatedLineRendering.CsvRow(line);
            p[28].Value = BillingCalendar.Format(state.BillPeriodOf(line.ChargeStartDate));
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Stores rating's rejects with the partner billed for the record's Azure subscription (null when the
    /// accounts do not know it) and the record's fields, so that <see cref="ListRejectsAsync"/> can show a
    /// partner its own rejects without going back to the ledger.
    /// </summary>
    private static void InsertRejects(SqliteConnection connection, SqliteTransaction transaction, RatingInputs inputs,
        List<(LedgerRecord Entry, RejectReason Reason, string Detail)> rejects)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO rating_rejects (usage_record_id, reason, detail, partner_id, entitlement_id, resource_uri, meter_id, usage_start, quantity, seq)
            VALUES ($id, $reason, $detail, $partner, $entitlement, $resource, $meter, $start, $quantity, $seq);
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var reason = command.Parameters.Add("$reason", SqliteType.Text);
        var detail = command.Parameters.Add("$detail", SqliteType.Text);
        var partner = command.Parameters.Add("$partner", SqliteType.Text);
        var entitlement = command.Parameters.Add("$entitlement", SqliteType.Text);
        var resource = command.Parameters.Add("$resource", SqliteType.Text);
        var meter = command.Parameters.Add("$meter", SqliteType.Text);
        var start = command.Parameters.Add("$start", SqliteType.Integer);
        var quantity = command.Parameters.Add("$quantity", SqliteType.Text);
        var seq = command.Parameters.Add("$seq", SqliteType.Integer);
        foreach (var ((ledgerSeq, record), why, text) in rejects)
        {
            seq.Value = ledgerSeq;
            id.Value = record.UsageRecordId;
            reason.Value = why.ToString();
            detail.Value = text;
            partner.Value = inputs.Accounts.TryGet(record.EntitlementId, out var account) ? account.PartnerId.ToString() : DBNull.Value;
            entitlement.Value = record.EntitlementId.ToString();
            resource.Value = record.ResourceUri;
            meter.Value = record.MeterId.ToString();
            start.Value = record.UsageStartAt.UtcTicks;
            quantity.Value = DecimalText.Format(record.Quantity);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Rating's rejects (stored records the ledger accepted but rating could not rate: billing-rules §2.1
    /// <c>UnknownEntitlement</c> … <c>NoExchangeRate</c>) of <paramref name="partner"/>'s Azure subscriptions (all
    /// for null), after catching up, ordered by UsageRecordId (ordinal) after <paramref name="after"/>. A
    /// record is listed while rating rejects it: a later price or FX import that lets it rate removes it.
    /// </summary>
    public Task<IReadOnlyList<RatingReject>> ListRejectsAsync(PartnerTenantId? partner, string? after, int limit, CancellationToken ct) =>
        ExclusiveAsync((connection, _) =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT usage_record_id, reason, detail, entitlement_id, resource_uri, meter_id, usage_start, quantity FROM rating_rejects
                WHERE usage_record_id > $after {(partner is null ? "" : "AND partner_id = $partner")}
                ORDER BY usage_record_id LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$after", after ?? "");
            command.Parameters.AddWithValue("$limit", limit);
            if (partner is { } p)
            {
                command.Parameters.AddWithValue("$partner", p.ToString());
            }

            using var reader = command.ExecuteReader();
            var list = new List<RatingReject>();
            while (reader.Read())
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                list.Add(new RatingReject(reader.GetString(0), Enum.Parse<RejectReason>(reader.GetString(1)), reader.GetString(2), Text(3), Text(4), Text(5),
                    reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero), Text(7)));
            }

            return (IReadOnlyList<RatingReject>)list;
        }, ct);

    /// <summary>The stored records rating rejected, by reason.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RejectCountsAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reason, COUNT(*) FROM rating_rejects GROUP BY reason ORDER BY reason;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var counts = new Dictionary<string, long>();
        while (await reader.ReadAsync(ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>
    /// Reads up to <paramref name="limit"/> lines of <paramref name="query"/> after <paramref name="after"/>
    /// (null: from the start) in billing-rules §2.6 order, rebuilt as the engine's lines (account and price
    /// row from <paramref name="inputs"/>). <paramref name="limit"/> ≤ 0 reads all.
    /// </summary>
    public async IAsyncEnumerable<RatedUsageLine> ReadAsync(RatingInputs inputs, RatedLineQuery query, RatedLineKey? after, int limit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var filters = Filters(command, query, after);
        command.CommandText = $"""
            SELECT entitlement_key, usage_date, meter_key, resource_uri, quantity, latest_start, latest_record_id, resource_location,
                   consumed_service, tags, additional_info, service_info1, service_info2, unit_price, effective_unit_price, pricing_total,
                   billing_total, fx_rate, pec_percentage
            FROM rated_usage_lines
            WHERE partner_id = $partner AND bill_period = $period{filters}
            ORDER BY entitlement_key, usage_date, meter_key, resource_key{(limit > 0 ? " LIMIT $limit" : "")};
            """;
        command.Parameters.AddWithValue("$partner", query.Partner.ToString());
        command.Parameters.AddWithValue("$period", BillingCalendar.Format(query.Month));
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            decimal Dec(int i) => StoredValues.Decimal(reader, i);
            var usage = ReadUsage(reader);
            var (entitlement, day, meter) = (usage.EntitlementId, usage.UsageDate, usage.MeterId);
            yield return new RatedUsageLine
            {
                Usage = usage,
                Account = inputs.Accounts.Get(entitlement),
                Period = inputs.ContextOn(day).Prices.Get(meter, day),
                UnitPrice = Dec(13),
                EffectiveUnitPrice = Dec(14),
                PricingPreTaxTotal = Dec(15),
                BillingPreTaxTotal = Dec(16),
                PCToBCExchangeRate = Dec(17),
                PartnerEarnedCreditPercentage = Dec(18),
            };
        }
    }

    /// <summary>
    /// Every line of <paramref name="query"/> in key order, read in pages of <paramref name="pageSize"/> so that
    /// no one read holds the database for a whole export.
    /// </summary>
    public async IAsyncEnumerable<RatedUsageLine> ReadPagedAsync(RatingInputs inputs, RatedLineQuery query, int pageSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        RatedLineKey? after = null;
        while (true)
        {
            var rows = 0;
            await foreach (var line in ReadAsync(inputs, query, after, pageSize, ct))
            {
                rows++;
                after = RatedLineKey.Of(line);
                yield return line;
            }

            if (rows < pageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>The number of lines of <paramref name="query"/> (call <see cref="CatchUpForReadAsync"/> first).</summary>
    public async Task<long> CountAsync(RatedLineQuery query, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var filters = Filters(command, query, null);
        command.CommandText = $"SELECT COUNT(*) FROM rated_usage_lines WHERE partner_id = $partner AND bill_period = $period{filters};";
        command.Parameters.AddWithValue("$partner", query.Partner.ToString());
        command.Parameters.AddWithValue("$period", BillingCalendar.Format(query.Month));
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Copies the stored wire form of the query's lines after <paramref name="after"/> to
    /// <paramref name="output"/>: JSON items separated by commas, or CSV rows; the invoice number of a billed
    /// query is written into the empty slot the stored forms keep for it. At most
    /// <paramref name="limit"/> rows (≤ 0: all); <paramref name="flush"/> is awaited every 256 rows. Returns the
    /// rows written, the key of the last one when more follow.
    /// </summary>
    public async Task<(int Rows, RatedLineKey? Last, bool More)> CopyAsync(RatedLineQuery query, RatedLineKey? after, int limit, bool json,
        IBufferWriter<byte> output, Func<CancellationToken, ValueTask> flush, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            // Long sequential reads of large rows: map the file instead of a read() per page.
            pragma.CommandText = "PRAGMA mmap_size = 4294967296;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        await using var command = connection.CreateCommand();
        var filters = Filters(command, query, after);
        command.CommandText = $"""
            SELECT {(json ? "json_item" : "csv_row")}, entitlement_key, usage_date, meter_key, resource_key
            FROM rated_usage_lines
            WHERE partner_id = $partner AND bill_period = $period{filters}
            ORDER BY entitlement_key, usage_date, meter_key, resource_key{(limit > 0 ? " LIMIT $limit" : "")};
            """;
        command.Parameters.AddWithValue("$partner", query.Partner.ToString());
        command.Parameters.AddWithValue("$period", BillingCalendar.Format(query.Month));
        command.Parameters.AddWithValue("$limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(ct);
        RatedLineKey? last = null;
        var (rows, more) = await StoredRows.CopyAsync(reader, limit, json, System.Text.Encoding.UTF8.GetBytes(query.InvoiceNumber ?? ""), output, flush,
            r => last = new RatedLineKey(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)), ct);
        return (rows, more ? last : null, more);
    }

    private static string Filters(SqliteCommand command, RatedLineQuery query, RatedLineKey? after)
    {
        // Without an invoice number the query asks for unbilled lines: a closed period has none.
        var filters = query.InvoiceNumber is null ? " AND NOT EXISTS (SELECT 1 FROM billing_closes WHERE period >= $period)" : "";
        if (!string.IsNullOrEmpty(query.Currency))
        {
            filters += " AND billing_currency = $currency";
            command.Parameters.AddWithValue("$currency", query.Currency.ToUpperInvariant());
        }

        if (query.HasPartnerEarnedCredit is { } pec)
        {
            filters += " AND has_pec = $pec";
            command.Parameters.AddWithValue("$pec", pec ? 1 : 0);
        }

        if (query.Customer is { } customer)
        {
            filters += " AND customer_id = $customer";
            command.Parameters.AddWithValue("$customer", customer.ToString());
        }

        if (query.Plan is { } plan)
        {
            filters += " AND plan_id = $plan";
            command.Parameters.AddWithValue("$plan", plan.ToString());
        }

        if (after is { } a)
        {
            filters += " AND (entitlement_key, usage_date, meter_key, resource_key) > ($e, $d, $m, $r)";
            command.Parameters.AddWithValue("$e", a.Entitlement);
            command.Parameters.AddWithValue("$d", a.UsageDate);
            command.Parameters.AddWithValue("$m", a.Meter);
            command.Parameters.AddWithValue("$r", a.Resource);
        }

        return filters;
    }


    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static long MaxUsageSeq(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM usage_records;";
        return (long)command.ExecuteScalar()!;
    }

    private static string? ReadState(SqliteConnection connection, SqliteTransaction? transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM rating_state WHERE name = $name;";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() as string;
    }

    private static void WriteState(SqliteConnection connection, SqliteTransaction transaction, string name, string value)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO rating_state (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value;";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
