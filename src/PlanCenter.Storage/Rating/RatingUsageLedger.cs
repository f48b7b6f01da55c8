using Microsoft.Extensions.Logging;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Usage;

namespace PlanCenter.Storage.Rating;

/// <summary>
/// The usage ledger with rating behind it: after a batch commits, the plan-meter-months it touched are
/// re-rated before the call returns. A rating failure does not fail the (already durable) ingest; the
/// next ingest or read catches up.
/// </summary>
public sealed class RatingUsageLedger(SqliteUsageLedger inner, ServerRating rating, ILogger<RatingUsageLedger> log) : IUsageLedger
{
    public async Task<UsageIngestResult> IngestBatchAsync(IReadOnlyList<UsageRow> rows, PartnerTenantId? submitter, string source, CancellationToken ct)
    {
        var result = await inner.IngestBatchAsync(rows, submitter, source, ct);
        if (result.Accepted > 0)
        {
            try
            {
                await rating.CatchUpAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or KeyNotFoundException or InputFileException)
            {
                log.LogWarning(e, "Rating after usage batch {Batch} failed; it is retried on the next read.", result.BatchId);
            }
        }

        return result;
    }

    public Task<IReadOnlyList<StoredReject>> ListRejectsAsync(PartnerTenantId? partner, long after, int limit, CancellationToken ct) =>
        inner.ListRejectsAsync(partner, after, limit, ct);

    public Task<UsageTotals> TotalsAsync(CancellationToken ct) => inner.TotalsAsync(ct);
}
