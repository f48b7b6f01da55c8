using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Exports;

/// <summary>What an export reads (api.md §14.1).</summary>
public enum ExportKind
{
    /// <summary>Daily-rated usage of the open (unbilled) period: <c>usage/unbilled/export</c>.</summary>
    UnbilledUsage,

    /// <summary>Daily-rated usage billed on one invoice: <c>usage/billed/export</c>.</summary>
    BilledUsage,

    /// <summary>The invoice reconciliation lines of one invoice: <c>reconciliation/billed/export</c>.</summary>
    BilledReconciliation,
}

/// <summary>The Graph status of an operation.</summary>
public enum ExportStatus
{
    /// <summary>Queued.</summary>
    NotStarted,

    /// <summary>Being written.</summary>
    Running,

    /// <summary>Written; the manifest is ready.</summary>
    Succeeded,

    /// <summary>Stopped with an error.</summary>
    Failed,
}

/// <summary>
/// A validated export request. <see cref="Month"/> (first day) is resolved when the request is accepted,
/// so a request queued across a month end still exports the month the caller meant.
/// </summary>
public sealed record ExportRequest(PartnerTenantId Partner, ExportKind Kind, bool Full, string? Currency = null, DateOnly? Month = null, string? InvoiceId = null);

/// <summary>One stored operation and, when it succeeded, its manifest.</summary>
public sealed record ExportOperation
{
    public required string Id { get; init; }
    public required ExportRequest Request { get; init; }
    public required ExportStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset LastActionAt { get; init; }
    public long RecordsDone { get; init; }
    public long? RecordsTotal { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }
    public string? ManifestId { get; init; }
    public int BlobCount { get; init; }
    public string? ETag { get; init; }

    /// <summary>When the operation, its manifest and blobs are dropped (set when it finishes).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>True once <see cref="ExpiresAt"/> has passed.</summary>
    public bool HasExpiredAt(DateTimeOffset now) => ExpiresAt is { } end && now >= end;

    /// <summary>The blob file name of a 1-based part number.</summary>
    public static string BlobName(int partNumber) => $"part-{partNumber:D5}.json.gz";
}
