using System.Buffers;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Exports;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Storage.Billing;

/// <summary>The deployment's billing settings: when periods close and whether the server closes them itself.</summary>
public sealed record BillingSettings(BillingCalendar Calendar, bool AutoClose = true);

/// <summary>What closing one billing period did.</summary>
public sealed record PeriodCloseResult(DateOnly Period, bool AlreadyClosed, IReadOnlyList<IssuedInvoice> Invoices, long UsageLines);

/// <summary>Sees each invoice a close writes, inside the close's transaction: throwing rolls the whole close back.</summary>
public interface ICloseObserver
{
    /// <summary>Called after a period's lines are read, before the close's transaction begins (each attempt).</summary>
    void PeriodRead(DateOnly period)
    {
    }

    /// <summary>Called after the invoice and its lines are written, before the period is marked closed.</summary>
    void InvoiceWritten(IssuedInvoice invoice);
}

/// <summary>
/// The month close (billing-rules §4): bills every unbilled rated line of a period (its own usage and late
/// usage of closed months) on one G invoice per partner and billing currency. A period closes in one
/// transaction (all its invoices, their recon lines and the close record, or nothing), while rating is
/// held off; closing a closed period does nothing. Periods close in order: closing a period first closes
/// the earlier open ones.
/// </summary>
public sealed class PeriodClose(ServerRating rating, TimeProvider clock, BillingSettings settings, IEnumerable<ICloseObserver> observers,
    ILogger<PeriodClose> log)
{
    private readonly ICloseObserver[] _observers = observers.ToArray();

    /// <summary>The calendar in use.</summary>
    public BillingCalendar Calendar => settings.Calendar;

    /// <summary>
    /// Closes every period whose close time has passed and that is still open, oldest first. An instance that
    /// has never closed a period and has no rated line yet has nothing to bill and closes nothing: its first
    /// usage, of whatever month, is then billed on that month's own invoice rather than as late usage.
    /// </summary>
    public Task<IReadOnlyList<PeriodCloseResult>> CloseDueAsync(CancellationToken ct) =>
        CloseAsync(settings.Calendar.LatestDue(clock.GetUtcNow()), whenIdle: false, ct);

    /// <summary>
    /// Closes <paramref name="period"/> and every earlier open period, oldest first. A period whose close
    /// time has not come is refused (<see cref="CommerceErrors.PeriodStillOpen"/>); a closed one is reported
    /// as already closed.
    /// </summary>
    public Task<IReadOnlyList<PeriodCloseResult>> CloseThroughAsync(DateOnly period, CancellationToken ct) => CloseAsync(period, whenIdle: true, ct);

    /// <summary>The closes through <paramref name="period"/>; none when <paramref name="whenIdle"/> is false and nothing was ever billed or rated.</summary>
    private Task<IReadOnlyList<PeriodCloseResult>> CloseAsync(DateOnly period, bool whenIdle, CancellationToken ct)
    {
        period = BillingCalendar.FirstDay(period);
        var now = clock.GetUtcNow();
        if (!settings.Calendar.IsDue(period, now))
        {
            throw new CommerceRuleException(CommerceErrors.PeriodStillOpen.WithDescription(
                $"Billing period {BillingCalendar.Format(period)} is still open: it closes at {settings.Calendar.CloseTime(period):yyyy-MM-dd HH:mm} UTC."));
        }

        return rating.ExclusiveAsync<IReadOnlyList<PeriodCloseResult>>((connection, inputs) =>
        {
            var state = ServerRating.ReadBillingState(connection, null);
            if (state.IsClosed(period))
            {
                return [new PeriodCloseResult(period, AlreadyClosed: true, [], 0)];
            }

            var earliest = state.FirstOpen is null ? EarliestBillPeriod(connection) : null;
            if (!whenIdle && state.FirstOpen is null && earliest is null)
            {
                return [];
            }

            var first = state.FirstOpen ?? earliest ?? period;
            var results = new List<PeriodCloseResult>();
            for (var month = first < period ? first : period; month <= period; month = month.AddMonths(1))
            {
                results.Add(CloseOne(connection, inputs, month, now));
            }

            return results;
        }, ct, readsProceed: true);
    }

    private PeriodCloseResult CloseOne(SqliteConnection connection, RatingInputs inputs, DateOnly period, DateTimeOffset now)
    {
        // Reading a month of lines takes long; only the writes hold SQLite's write lock, so ingestion goes on
        // meanwhile. Rating is held off in this process; another process (the server beside `plancenter close`)
        // may rate in between: if it re-rated everything, or rated records of this period or earlier (their
        // lines would be this period's), the period is read again. Records of later months do not touch it.
        for (var attempt = 1; ; attempt++)
        {
            var ratedSeq = ServerRating.ReadRatedSeq(connection, null);
            var (partners, lines) = ReadPeriod(connection, period);
            foreach (var observer in _observers)
            {
                observer.PeriodRead(period);
            }

            using var transaction = connection.BeginTransaction(deferred: false);
            if (ServerRating.ReadBillingState(connection, transaction).IsClosed(period))
            {
                return new PeriodCloseResult(period, AlreadyClosed: true, [], 0);
            }

            if (ServerRating.ReadRatedFingerprint(connection, transaction) != inputs.Fingerprint
                || RatedIntoPeriod(connection, transaction, period, ratedSeq, ServerRating.ReadRatedSeq(connection, transaction)))
            {
                if (attempt == 3)
                {
                    throw new InvalidOperationException($"Rating kept changing the lines of {BillingCalendar.Format(period)} while it closed; try again.");
                }

                continue;
            }

            var invoices = partners.Select(p => Issue(connection, transaction, inputs, p.Partner, p.Currency, period, now, p.Groups, p.Lines)).ToList();
            CarryRejectedRecords(connection, transaction, period, ratedSeq);
            using (var close = connection.CreateCommand())
            {
                close.Transaction = transaction;
                close.CommandText = """
                    INSERT INTO billing_closes (period, closed_at, through_seq, invoices, lines)
                    VALUES ($period, $at, $seq, $invoices, $lines);
                    """;
                close.Parameters.AddWithValue("$period", BillingCalendar.Format(period));
                close.Parameters.AddWithValue("$at", now.UtcTicks);
                // The records billed are those rated, not those stored: a record ingested after the catch-up is rated later, as late usage.
                close.Parameters.AddWithValue("$seq", ratedSeq);
                close.Parameters.AddWithValue("$invoices", invoices.Count);
                close.Parameters.AddWithValue("$lines", lines);
                close.ExecuteNonQuery();
            }

            transaction.Commit();
            log.LogInformation("Closed billing period {Period}: {Invoices} invoices, {Lines} daily-rated lines.", BillingCalendar.Format(period), invoices.Count, lines);
            return new PeriodCloseResult(period, AlreadyClosed: false, invoices, lines);
        }
    }

    /// <summary>The recon groups of each partner and currency billed in <paramref name="period"/>, from the close index.</summary>
    private static (List<(string Partner, string Currency, InvoiceReconAccumulator Groups, long Lines)> Partners, long Lines) ReadPeriod(
        SqliteConnection connection, DateOnly period)
    {
        var partners = new List<(string Partner, string Currency, InvoiceReconAccumulator Groups, long Lines)>();
        InvoiceReconAccumulator? groups = null;
        string? partner = null, currency = null;
        long lines = 0;
        var total = ReconGroupScan.Scan(connection, period, null, null, (string rowPartner, string rowCurrency, in ReconContribution line) =>
        {
            if (groups is null || partner != rowPartner || currency != rowCurrency)
            {
                if (groups is not null)
                {
                    partners.Add((partner!, currency!, groups, lines));
                }

                (partner, currency, groups, lines) = (rowPartner, rowCurrency, new InvoiceReconAccumulator(), 0);
            }

            groups.Add(line);
            lines++;
        });

        if (groups is not null)
        {
            partners.Add((partner!, currency!, groups, lines));
        }

        return (partners, total);
    }

    private IssuedInvoice Issue(SqliteConnection connection, SqliteTransaction transaction, RatingInputs inputs, string partner, string currency,
        DateOnly period, DateTimeOffset now, InvoiceReconAccumulator accumulator, long usageLines)
    {
        using var next = connection.CreateCommand();
        next.Transaction = transaction;
        next.CommandText = "UPDATE invoice_number_seq SET last = last + 1 WHERE id = 1 RETURNING last;";
        var number = InvoiceNumber.FromSequence((long)next.ExecuteScalar()!);
        var lines = accumulator.ToLines(inputs.Accounts.Get, (meter, day) => inputs.ContextOn(day).Prices.Get(meter, day).Descriptor, rating.Options);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO invoice_recon_lines (invoice_id, ordinal, customer_id, customer_name, customer_domain, has_pec, subtotal, tax_total, json_item, csv_row,
                export_json)
            VALUES ($invoice, $ordinal, $customer, $name, $domain, $pec, $subtotal, $tax, $json, $csv, $export);
            """;
        insert.Parameters.AddWithValue("$invoice", number);
        var ordinal = insert.Parameters.Add("$ordinal", SqliteType.Integer);
        var customer = insert.Parameters.Add("$customer", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var domain = insert.Parameters.Add("$domain", SqliteType.Text);
        var pec = insert.Parameters.Add("$pec", SqliteType.Integer);
        var subtotal = insert.Parameters.Add("$subtotal", SqliteType.Text);
        var tax = insert.Parameters.Add("$tax", SqliteType.Text);
        var json = insert.Parameters.Add("$json", SqliteType.Blob);
        var csv = insert.Parameters.Add("$csv", SqliteType.Blob);
        var export = insert.Parameters.Add("$export", SqliteType.Blob);
        var cells = new string?[InvoiceRecon.Headers.Count];
        var exportBuffer = new ArrayBufferWriter<byte>(4096);
        using var exportJson = new Utf8JsonWriter(exportBuffer, new JsonWriterOptions { SkipValidation = true });
        insert.Prepare();
        var sumSubtotal = 0m;
        var sumTax = 0m;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            ordinal.Value = i + 1;
            customer.Value = line.CustomerId.ToString();
            name.Value = (object?)line.CustomerName ?? DBNull.Value;
            domain.Value = (object?)line.CustomerDomainName ?? DBNull.Value;
            pec.Value = line.PartnerEarnedCreditPercentage != 0m ? 1 : 0;
            subtotal.Value = DecimalText.Format(line.Subtotal);
            tax.Value = DecimalText.Format(line.TaxTotal);
            json.Value = RatedLineRendering.InvoiceJsonItem(line, number);
            InvoiceRecon.FillCells(line, cells, number);
            csv.Value = RatedLineRendering.Row(cells);
            exportBuffer.ResetWrittenCount();
            exportJson.Reset();
            ExportRecordWriter.WriteReconciliation(exportJson, cells);
            exportJson.Flush();
            export.Value = exportBuffer.WrittenSpan.ToArray();
            insert.ExecuteNonQuery();
            sumSubtotal += line.Subtotal;
            sumTax += line.TaxTotal;
        }

        var invoice = new IssuedInvoice(number, new PartnerTenantId(Guid.Parse(partner)), currency, period, now, sumSubtotal, sumTax,
            sumSubtotal + sumTax, usageLines, lines.Count);
        using var header = connection.CreateCommand();
        header.Transaction = transaction;
        header.CommandText = """
            INSERT INTO invoices (invoice_id, partner_id, currency, period, invoice_date, subtotal, tax_total, total, usage_lines, recon_lines)
            VALUES ($id, $partner, $currency, $period, $date, $subtotal, $tax, $total, $usage, $recon);
            """;
        header.Parameters.AddWithValue("$id", number);
        header.Parameters.AddWithValue("$partner", partner);
        header.Parameters.AddWithValue("$currency", currency);
        header.Parameters.AddWithValue("$period", BillingCalendar.Format(period));
        header.Parameters.AddWithValue("$date", now.UtcTicks);
        header.Parameters.AddWithValue("$subtotal", DecimalText.Format(invoice.Subtotal));
        header.Parameters.AddWithValue("$tax", DecimalText.Format(invoice.TaxTotal));
        header.Parameters.AddWithValue("$total", DecimalText.Format(invoice.Total));
        header.Parameters.AddWithValue("$usage", usageLines);
        header.Parameters.AddWithValue("$recon", lines.Count);
        header.ExecuteNonQuery();
        foreach (var observer in _observers)
        {
            observer.InvoiceWritten(invoice);
        }

        return invoice;
    }

    /// <summary>
    /// Whether the records rated after <paramref name="readAt"/> (through <paramref name="ratedNow"/>) include
    /// any of <paramref name="period"/> or earlier: only those get lines billed in the period being closed.
    /// </summary>
    private static bool RatedIntoPeriod(SqliteConnection connection, SqliteTransaction transaction, DateOnly period, long readAt, long ratedNow)
    {
        if (ratedNow == readAt)
        {
            return false;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM usage_records WHERE seq > $from AND seq <= $to AND usage_start < $periodEnd);";
        command.Parameters.AddWithValue("$from", readAt);
        command.Parameters.AddWithValue("$to", ratedNow);
        command.Parameters.AddWithValue("$periodEnd", PeriodEndTicks(period));
        return (long)command.ExecuteScalar()! != 0;
    }

    /// <summary>The first instant after <paramref name="period"/>, in UTC ticks (usage starts are stored so).</summary>
    private static long PeriodEndTicks(DateOnly period) => period.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).Ticks;

    /// <summary>
    /// Carried records that rated since the last close are billed now (their lines are this period's late
    /// usage); the records of this period and earlier that rating rejects are carried past this close, so
    /// that rating keeps trying them (<see cref="RatingSchema.CarriedRecords"/>).
    /// </summary>
    private static void CarryRejectedRecords(SqliteConnection connection, SqliteTransaction transaction, DateOnly period, long ratedSeq)
    {
        using var carry = connection.CreateCommand();
        carry.Transaction = transaction;
        carry.CommandText = """
            DELETE FROM carried_records WHERE seq NOT IN (SELECT seq FROM rating_rejects WHERE seq IS NOT NULL);
            INSERT OR IGNORE INTO carried_records (seq)
                SELECT seq FROM rating_rejects WHERE seq IS NOT NULL AND seq <= $ratedSeq AND usage_start < $periodEnd;
            """;
        carry.Parameters.AddWithValue("$ratedSeq", ratedSeq);
        carry.Parameters.AddWithValue("$periodEnd", PeriodEndTicks(period));
        carry.ExecuteNonQuery();
    }

    private static DateOnly? EarliestBillPeriod(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MIN(bill_period) FROM rated_usage_lines;";
        return command.ExecuteScalar() is string text ? BillingCalendar.Parse(text) : null;
    }
}
