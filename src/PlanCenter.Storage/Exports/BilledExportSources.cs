using System.Runtime.CompilerServices;
using System.Text;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Storage.Billing;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Storage.Exports;

/// <summary>Finds the invoice a billed export names, within the requesting partner (another partner's invoice is unknown).</summary>
internal static class ExportInvoices
{
    /// <summary>Invoice links name invoices <c>OneTime-G…</c>; that form is accepted too.</summary>
    public static Task<IssuedInvoice?> FindAsync(InvoiceStore invoices, ExportRequest request, CancellationToken ct)
    {
        var id = request.InvoiceId ?? "";
        if (id.StartsWith("OneTime-", StringComparison.OrdinalIgnoreCase))
        {
            id = id["OneTime-".Length..];
        }

        return invoices.FindAsync(request.Partner, id, ct);
    }

    public static async Task<IssuedInvoice> GetAsync(InvoiceStore invoices, ExportRequest request, CancellationToken ct) =>
        await FindAsync(invoices, request, ct) ?? throw new InvalidOperationException($"Invoice '{request.InvoiceId}' no longer exists.");
}

/// <summary>
/// The daily-rated lines an issued invoice bills (its billing period's lines in its currency, late usage
/// of earlier months included), each with the invoice number, read in key order in pages.
/// </summary>
public sealed class BilledUsageExportSource(ServerRating rating, InvoiceStore invoices) : IExportSource
{
    private const int PageSize = 20_000;

    public ExportKind Kind => ExportKind.BilledUsage;

    public async Task<bool> ExistsAsync(ExportRequest request, CancellationToken ct) => await ExportInvoices.FindAsync(invoices, request, ct) is not null;

    public async Task<long?> CountAsync(ExportRequest request, CancellationToken ct) => (await ExportInvoices.GetAsync(invoices, request, ct)).UsageLines;

    public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var invoice = await ExportInvoices.GetAsync(invoices, request, ct);
        var inputs = await rating.CatchUpAsync(ct);
        var query = new RatedLineQuery(request.Partner, invoice.Period, invoice.Currency, null, InvoiceNumber: invoice.Id);
        RatedLineKey? after = null;
        while (true)
        {
            var rows = 0;
            await foreach (var line in rating.ReadAsync(inputs, query, after, PageSize, ct))
            {
                rows++;
                after = RatedLineKey.Of(line);
                yield return ExportRecord.Of(line, invoice.Id);
            }

            if (rows < PageSize)
            {
                yield break;
            }
        }
    }
}

/// <summary>
/// The invoice reconciliation lines of an issued invoice, as the month close stored them (their recon CSV
/// rows, invoice number included), in ordinal order.
/// </summary>
public sealed class BilledReconciliationExportSource(SqliteDatabase database, InvoiceStore invoices) : IExportSource
{
    private const int PageSize = 5_000;

    public ExportKind Kind => ExportKind.BilledReconciliation;

    public async Task<bool> ExistsAsync(ExportRequest request, CancellationToken ct) => await ExportInvoices.FindAsync(invoices, request, ct) is not null;

    public async Task<long?> CountAsync(ExportRequest request, CancellationToken ct) => (await ExportInvoices.GetAsync(invoices, request, ct)).ReconLines;

    public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var invoice = await ExportInvoices.GetAsync(invoices, request, ct);
        long after = -1;
        while (true)
        {
            var page = new List<ExportRecord>(PageSize);
            await using (var connection = await database.OpenAsync(ct))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT export_json, csv_row, ordinal FROM invoice_recon_lines WHERE invoice_id = $id AND ordinal > $after ORDER BY ordinal LIMIT $limit;";
                command.Parameters.AddWithValue("$id", invoice.Id);
                command.Parameters.AddWithValue("$after", after);
                command.Parameters.AddWithValue("$limit", PageSize);
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    // Invoices issued before export records were stored are rendered from their CSV rows.
                    page.Add(reader.IsDBNull(0)
                        ? ExportRecord.OfReconciliation(CsvCells.Split(Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(1))))
                        : ExportRecord.OfJson(reader.GetFieldValue<byte[]>(0)));
                    after = reader.GetInt64(2);
                }
            }

            foreach (var record in page)
            {
                yield return record;
            }

            if (page.Count < PageSize)
            {
                yield break;
            }
        }
    }
}

/// <summary>Splits one CSV row written by <see cref="RatedLineRendering.AppendRow"/> (quoted cells with doubled quotes; empty = null).</summary>
public static class CsvCells
{
    public static string?[] Split(string row)
    {
        var cells = new List<string?>();
        var text = row.AsSpan().TrimEnd("\r\n");
        var cell = new StringBuilder();
        var i = 0;
        while (true)
        {
            cell.Clear();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(text[i++]);
                }
            }
            else
            {
                var comma = text[i..].IndexOf(',');
                var end = comma < 0 ? text.Length : i + comma;
                cell.Append(text[i..end]);
                i = end;
            }

            cells.Add(cell.Length == 0 ? null : cell.ToString());
            if (i >= text.Length)
            {
                return [.. cells];
            }

            i++; // the comma
            if (i == text.Length)
            {
                cells.Add(null);
                return [.. cells];
            }
        }
    }
}
