using System.Runtime.CompilerServices;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Storage.Exports;

/// <summary>
/// The partner's daily-rated lines of the requested usage month and billing currency, from server-side
/// rating: caught up first, then read in key order in pages, so no read holds the database for the whole export.
/// </summary>
public sealed class UnbilledUsageExportSource(ServerRating rating) : IExportSource
{
    private const int PageSize = 20_000;

    public ExportKind Kind => ExportKind.UnbilledUsage;

    public Task<bool> ExistsAsync(ExportRequest request, CancellationToken ct) => Task.FromResult(true);

    public async Task<long?> CountAsync(ExportRequest request, CancellationToken ct)
    {
        await rating.CatchUpForReadAsync(ct);
        return await rating.CountAsync(Query(request), ct);
    }

    public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportRequest request, [EnumeratorCancellation] CancellationToken ct)
    {
        var inputs = await rating.CatchUpForReadAsync(ct);
        await foreach (var line in rating.ReadPagedAsync(inputs, Query(request), PageSize, ct))
        {
            yield return ExportRecord.Of(line);
        }
    }

    private static RatedLineQuery Query(ExportRequest request) =>
        new(request.Partner, request.Month ?? throw new ArgumentException("An unbilled export needs its usage month.", nameof(request)), request.Currency, null);
}
