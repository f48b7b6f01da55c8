using System.Runtime.CompilerServices;
using System.Text;
using nietras.SeparatedValues;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Storage.Billing;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Storage.Exports;

/// <summary>Finds the invoice a billed export names, within the requesting partner (another partner's invoice is unknown).</summary>
internal static class ExportInvoices
{
    public static Task<IssuedInvoice?> FindAsync(InvoiceStore invoices, ExportRequest request, CancellationToken ct) =>
        invoices.FindAsync(request.Partner, request.InvoiceId ?? "", ct);

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
        var inputs = await rating.CatchUpForReadAsync(ct);
        var query = new RatedLineQuery(request.Partner, invoice.Period, invoice.Currency, null, InvoiceNumber: invoice.Id);
        await foreach (var line in rating.ReadPagedAsync(inputs, query, PageSize, ct))
        {
            yield return ExportRecord.Of(line, invoice.Id);
        }
    }
}

/// <summary>
/// The invoice reconciliation lines of an issued invoice, as the month close stored them (their recon CSV
/// rows, invoice number included), in ordinal order.
/// </summary>
public sealed class BilledReconciliationExportSource(SqliteDatabase database, InvoiceStore invoices) : IExportSource
{
    public ExportKind Kind => ExportKind.BilledReconciliation;

    public async Task<bool> ExistsAsync(ExportRequest request, CancellationToken ct) => await ExportInvoices.FindAsync(invoices, request, ct) is not null;

    public async Task<long?> CountAsync(ExportRequest request, CancellationToken ct) => (await ExportInvoices.GetAsync(invoices, request, ct)).ReconLines;

    public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var invoice = await ExportInvoices.GetAsync(invoices, request, ct);
        // One statement in one read transaction: an issued invoice's lines never change, and the snapshot keeps
        // the export whole even if a later invoice is written meanwhile.
        await using var connection = await database.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA mmap_size = 4294967296;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        await using var command = connection.CreateCommand();
        // The CSV row is read only for invoices issued before export records were stored.
        command.CommandText = """
            SELECT export_json, CASE WHEN export_json IS NULL THEN csv_row END
            FROM invoice_recon_lines WHERE invoice_id = $id ORDER BY ordinal;
            """;
        command.Parameters.AddWithValue("$id", invoice.Id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (reader.Read())
        {
            yield return reader.IsDBNull(0)
                ? ExportRecord.OfReconciliation(CsvCells.Split(Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(1))))
                : ExportRecord.OfJson(reader.GetFieldValue<byte[]>(0));
        }
    }
}

/// <summary>The cells of one CSV row written by <see cref="RatedLineRendering.AppendRow"/> (no header; an empty cell is null).</summary>
public static class CsvCells
{
    public static string?[] Split(string row)
    {
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).FromText(row);
        if (!reader.MoveNext())
        {
            throw new InvalidDataException("The stored CSV row is empty.");
        }

        var current = reader.Current;
        var cells = new string?[current.ColCount];
        for (var i = 0; i < cells.Length; i++)
        {
            var text = current[i].ToString();
            cells[i] = text.Length == 0 ? null : text;
        }

        return cells;
    }
}
