using System.Threading.Channels;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Usage;

namespace PlanCenter.Storage.Rating;

/// <summary>
/// Signals that usage was committed and rating has work; signals coalesce (many batches, one catch-up).
/// </summary>
public sealed class RatingQueue
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Asks for a catch-up.</summary>
    public void Signal() => _signals.Writer.TryWrite(true);

    /// <summary>Waits for the next request.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken ct) => _signals.Reader.WaitToReadAsync(ct);

    /// <summary>Takes the pending request.</summary>
    public bool TryTake() => _signals.Reader.TryRead(out _);
}

/// <summary>
/// The usage ledger with rating behind it: after a batch commits, the rating worker is signalled to re-rate
/// the plan-meter-months it touched. Bulk ingests are not slowed by rating each batch; reads catch up
/// themselves before answering, so they never see stale lines.
/// </summary>
public sealed class RatingUsageLedger(SqliteUsageLedger inner, RatingQueue queue) : IUsageLedger
{
    public async Task<UsageIngestResult> IngestBatchAsync(IReadOnlyList<UsageRow> rows, PartnerTenantId? submitter, string source, CancellationToken ct)
    {
        var result = await inner.IngestBatchAsync(rows, submitter, source, ct);
        if (result.Accepted > 0)
        {
            queue.Signal();
        }

        return result;
    }

    public Task<IReadOnlyList<StoredReject>> ListRejectsAsync(PartnerTenantId? partner, long after, int limit, CancellationToken ct) =>
        inner.ListRejectsAsync(partner, after, limit, ct);

    public Task<UsageTotals> TotalsAsync(CancellationToken ct) => inner.TotalsAsync(ct);
}
