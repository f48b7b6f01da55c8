using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Application.Usage;

/// <summary>A rejected record as the submitter sees it.</summary>
public sealed record UsageReject(long LineNumber, string? UsageRecordId, RejectReason Reason, string Detail);

/// <summary>What one ingested batch did: every received record is accepted, a duplicate, or rejected.</summary>
public sealed record UsageIngestResult(long BatchId, int Received, int Accepted, int Duplicates, IReadOnlyList<UsageReject> Rejects)
{
    public int Rejected => Rejects.Count;
}

/// <summary>A stored reject (<c>GET /metering/usage/rejects</c>).</summary>
public sealed record StoredReject(long Sequence, long BatchId, DateTimeOffset ReceivedAt, long LineNumber, string? UsageRecordId,
    string? EntitlementId, string? ResourceUri, string? MeterId, string? UsageStart, string? Quantity, RejectReason Reason, string Detail);

/// <summary>Counts over the whole ledger.</summary>
public sealed record UsageTotals(long Records, long Rejects, long Batches, long Duplicates);

/// <summary>
/// The durable usage store with its idempotency set. <see cref="IngestBatchAsync"/> validates, deduplicates
/// and writes one batch in one transaction and returns only after it is committed: an acknowledged record
/// is never lost, a repeated id is never counted twice (in this process or across processes).
/// </summary>
public interface IUsageLedger
{
    /// <param name="rows">The batch, in input order.</param>
    /// <param name="submitter">The partner submitting (its own Azure subscriptions only), or null for the operator.</param>
    /// <param name="source">Where the batch came from (request id or file name).</param>
    /// <param name="ct">Cancels before the commit only.</param>
    Task<UsageIngestResult> IngestBatchAsync(IReadOnlyList<UsageRow> rows, PartnerTenantId? submitter, string source, CancellationToken ct);

    /// <summary>Stored rejects of a partner's Azure subscriptions (or all, for null), oldest first, after a sequence.</summary>
    Task<IReadOnlyList<StoredReject>> ListRejectsAsync(PartnerTenantId? partner, long after, int limit, CancellationToken ct);

    Task<UsageTotals> TotalsAsync(CancellationToken ct);
}
