using System.Buffers;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Billing;

/// <summary>
/// Reads issued invoices: the list and one invoice (always within one partner: another partner's invoice
/// does not exist for the caller), their recon lines as stored wire forms (seek paging by ordinal), the
/// per-customer totals of the statement, and the statement PDF, made once and kept.
/// </summary>
public sealed class InvoiceStore(SqliteDatabase database)
{
    private const string OneTimePrefix = "OneTime-";

    private const string Columns = "invoice_id, partner_id, currency, period, invoice_date, subtotal, tax_total, total, usage_lines, recon_lines";

    /// <summary>
    /// One page of a partner's invoices, newest first, with the count of all that match; dates bound the
    /// invoice date (inclusive).
    /// </summary>
    public async Task<(IReadOnlyList<IssuedInvoice> Page, int Total)> ListAsync(PartnerTenantId partner, DateTimeOffset? from, DateTimeOffset? to,
        int offset, int size, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var where = "partner_id = $partner AND invoice_date >= $from AND invoice_date <= $to";
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM invoices WHERE {where};";
        Bind(count);
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM invoices WHERE {where} ORDER BY invoice_date DESC, invoice_id DESC LIMIT $size OFFSET $offset;";
        Bind(command);
        command.Parameters.AddWithValue("$size", size);
        command.Parameters.AddWithValue("$offset", offset);
        return (await ReadAllAsync(command, ct), total);

        void Bind(SqliteCommand c)
        {
            c.Parameters.AddWithValue("$partner", partner.ToString());
            c.Parameters.AddWithValue("$from", from?.UtcTicks ?? 0L);
            c.Parameters.AddWithValue("$to", to?.UtcTicks ?? long.MaxValue);
        }
    }

    /// <summary>All of a partner's invoices, oldest first.</summary>
    public async Task<IReadOnlyList<IssuedInvoice>> AllAsync(PartnerTenantId partner, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM invoices WHERE partner_id = $partner ORDER BY invoice_date, invoice_id;";
        command.Parameters.AddWithValue("$partner", partner.ToString());
        return await ReadAllAsync(command, ct);
    }

    /// <summary>
    /// The partner's invoice <paramref name="id"/> (any letter case; the <c>OneTime-G…</c> form that invoice
    /// links use is accepted too), or null.
    /// </summary>
    public async Task<IssuedInvoice?> FindAsync(PartnerTenantId partner, string id, CancellationToken ct)
    {
        if (id.StartsWith(OneTimePrefix, StringComparison.OrdinalIgnoreCase))
        {
            id = id[OneTimePrefix.Length..];
        }

        if (!InvoiceNumber.IsWellFormed(id))
        {
            return null;
        }

        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM invoices WHERE invoice_id = $id AND partner_id = $partner;";
        command.Parameters.AddWithValue("$id", id.ToUpperInvariant());
        command.Parameters.AddWithValue("$partner", partner.ToString());
        var found = await ReadAllAsync(command, ct);
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>The billing periods closed so far with when they closed, oldest first.</summary>
    public async Task<IReadOnlyList<(DateOnly Period, DateTimeOffset ClosedAt, int Invoices, long Lines)>> ClosesAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT period, closed_at, invoices, lines FROM billing_closes ORDER BY period;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        var closes = new List<(DateOnly, DateTimeOffset, int, long)>();
        while (await reader.ReadAsync(ct))
        {
            closes.Add((BillingCalendar.Parse(reader.GetString(0)), new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero), reader.GetInt32(2), reader.GetInt64(3)));
        }

        return closes;
    }

    /// <summary>
    /// Copies the stored recon lines of an invoice after ordinal <paramref name="after"/>: JSON items
    /// separated by commas, or CSV rows; at most <paramref name="limit"/> (≤ 0: all), optionally only the
    /// lines with (or without) partner earned credit. Returns the rows
    /// written and, when more follow, the ordinal of the last.
    /// </summary>
    public async Task<(int Rows, long? Last)> CopyReconAsync(string invoiceId, long after, int limit, bool? hasPartnerEarnedCredit, bool json,
        IBufferWriter<byte> output,
        Func<CancellationToken, ValueTask> flush, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {(json ? "json_item" : "csv_row")}, ordinal FROM invoice_recon_lines
            WHERE invoice_id = $id AND ordinal > $after{(hasPartnerEarnedCredit is null ? "" : " AND has_pec = $pec")}
            ORDER BY ordinal{(limit > 0 ? " LIMIT $limit" : "")};
            """;
        command.Parameters.AddWithValue("$pec", hasPartnerEarnedCredit == true ? 1 : 0);
        command.Parameters.AddWithValue("$id", invoiceId);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit + 1);
        await using var reader = await command.ExecuteReaderAsync(ct);
        long last = 0;
        var (rows, more) = await StoredRows.CopyAsync(reader, limit, json, [], output, flush, r => last = r.GetInt64(1), ct);
        return (rows, more ? last : null);
    }

    /// <summary>Each customer's sums on an invoice, by customer name.</summary>
    public async Task<IReadOnlyList<InvoiceCustomerTotal>> CustomerTotalsAsync(string invoiceId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT customer_id, customer_name, customer_domain, subtotal, tax_total FROM invoice_recon_lines WHERE invoice_id = $id;";
        command.Parameters.AddWithValue("$id", invoiceId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var totals = new Dictionary<string, InvoiceCustomerTotal>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            var subtotal = StoredValues.Decimal(reader, 3);
            var tax = StoredValues.Decimal(reader, 4);
            totals[id] = totals.TryGetValue(id, out var sum)
                ? sum with { Subtotal = sum.Subtotal + subtotal, TaxTotal = sum.TaxTotal + tax }
                : new InvoiceCustomerTotal(new CustomerId(Guid.Parse(id)), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), subtotal, tax);
        }

        return totals.Values.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Customer.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>The exchange rates an invoice's lines were billed at, per usage month.</summary>
    public async Task<IReadOnlyList<(DateOnly Month, decimal Rate)>> ExchangeRatesAsync(IssuedInvoice invoice, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT DISTINCT period, fx_rate FROM rated_usage_lines INDEXED BY ix_rated_usage_lines_close
            WHERE bill_period = $period AND partner_id = $partner AND billing_currency = $currency ORDER BY period;
            """;
        command.Parameters.AddWithValue("$period", BillingCalendar.Format(invoice.Period));
        command.Parameters.AddWithValue("$partner", invoice.Partner.ToString());
        command.Parameters.AddWithValue("$currency", invoice.Currency);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rates = new List<(DateOnly, decimal)>();
        while (await reader.ReadAsync(ct))
        {
            rates.Add((BillingCalendar.Parse(reader.GetString(0)), StoredValues.Decimal(reader, 1)));
        }

        return rates;
    }

    /// <summary>
    /// The statement PDF of an invoice: the stored one, or <paramref name="render"/>'s, stored so the document
    /// never changes once served.
    /// </summary>
    public async Task<byte[]> StatementAsync(string invoiceId, Func<CancellationToken, Task<byte[]>> render, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using (var find = connection.CreateCommand())
        {
            find.CommandText = "SELECT pdf FROM invoice_documents WHERE invoice_id = $id;";
            find.Parameters.AddWithValue("$id", invoiceId);
            if (await find.ExecuteScalarAsync(ct) is byte[] stored)
            {
                return stored;
            }
        }

        var pdf = await render(ct);
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO invoice_documents (invoice_id, pdf) VALUES ($id, $pdf) ON CONFLICT (invoice_id) DO NOTHING RETURNING pdf;";
        insert.Parameters.AddWithValue("$id", invoiceId);
        insert.Parameters.AddWithValue("$pdf", pdf);
        if (await insert.ExecuteScalarAsync(ct) is byte[] inserted)
        {
            return inserted;
        }

        // Another request stored its rendering first; serve that one.
        await using var again = connection.CreateCommand();
        again.CommandText = "SELECT pdf FROM invoice_documents WHERE invoice_id = $id;";
        again.Parameters.AddWithValue("$id", invoiceId);
        return (byte[])(await again.ExecuteScalarAsync(ct))!;
    }

    private static async Task<IReadOnlyList<IssuedInvoice>> ReadAllAsync(SqliteCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var invoices = new List<IssuedInvoice>();
        while (await reader.ReadAsync(ct))
        {
            invoices.Add(new IssuedInvoice(
                reader.GetString(0),
                new PartnerTenantId(Guid.Parse(reader.GetString(1))),
                reader.GetString(2),
                BillingCalendar.Parse(reader.GetString(3)),
                new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                StoredValues.Decimal(reader, 5),
                StoredValues.Decimal(reader, 6),
                StoredValues.Decimal(reader, 7),
                reader.GetInt64(8),
                reader.GetInt64(9)));
        }

        return invoices;
    }

}
