using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;

namespace PlanCenter.Storage.Exports;

/// <summary>
/// One record of an export: a daily-rated line with the invoice number it was billed on (null while
/// unbilled), or an invoice reconciliation line as its stored recon cells (<see cref="InvoiceRecon.Headers"/>
/// order, the invoice number included). <see cref="ExportRecordWriter"/> turns it into a JSON line.
/// </summary>
public readonly record struct ExportRecord(RatedUsageLine? Usage, string?[]? ReconciliationCells, string? InvoiceNumber, byte[]? Json = null)
{
    public static ExportRecord Of(RatedUsageLine line, string? invoiceNumber = null) => new(line, null, invoiceNumber);

    public static ExportRecord OfReconciliation(string?[] cells) => new(null, cells, null);

    /// <summary>A record already rendered (UTF-8 JSON object, no line break), written as it is.</summary>
    public static ExportRecord OfJson(byte[] json) => new(null, null, null, json);
}

/// <summary>
/// Where the records of one <see cref="ExportKind"/> come from. The pipeline (<see cref="ExportPipeline"/>)
/// partitions and writes whatever a source yields, so billed sources plug in beside the unbilled one.
/// </summary>
public interface IExportSource
{
    ExportKind Kind { get; }

    /// <summary>False when the request names something the partner does not have (an unknown invoice): the POST answers 404.</summary>
    Task<bool> ExistsAsync(ExportRequest request, CancellationToken ct);

    /// <summary>The number of records the export will hold, for progress; null when unknown.</summary>
    Task<long?> CountAsync(ExportRequest request, CancellationToken ct);

    /// <summary>The records in a stable order.</summary>
    IAsyncEnumerable<ExportRecord> ReadAsync(ExportRequest request, CancellationToken ct);
}
