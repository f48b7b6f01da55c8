using System.Collections.Frozen;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Pricing;

namespace PlanCenter.Storage.Pricing;

/// <summary>
/// <see cref="IMeterDirectory"/> over the stored price list: a meter is known when a version still in effect
/// for some month has a Consumption row for it (billing-rules §2.1 <c>UnknownMeter</c>; a version that later
/// imports replaced for every month can price nothing, so its meters do not count). The meters are a frozen
/// set, swapped whole: <see cref="IsKnown"/> is one hash lookup, safe from any thread. <see cref="RefreshAsync"/>
/// reads the price list's stamp (<see cref="PriceListStore.LatestVersionAsync"/>, one indexed scalar) and
/// rebuilds the set only when an import has committed since, in this process or another (a CLI import while
/// the server runs). A record ingested while an import commits is judged by the list before it; rating
/// then re-judges it with the new list, so nothing is lost either way.
/// </summary>
public sealed class PriceListMeterDirectory(PriceListStore prices) : IMeterDirectory
{
    private sealed record Snapshot(long Version, bool HasPriceList, FrozenSet<MeterId> Meters);

    // Stamp -1: not read yet. Until the first refresh, and whenever no price list is loaded at all, every meter
    // is accepted and rating decides (UnknownMeter / NoPriceOnDate), as before a price list existed.
    private volatile Snapshot _current = new(-1, false, FrozenSet<MeterId>.Empty);

    public bool HasPriceList => _current.HasPriceList;

    public bool IsKnown(MeterId meter)
    {
        var current = _current;
        return !current.HasPriceList || current.Meters.Contains(meter);
    }

    public async ValueTask RefreshAsync(CancellationToken ct)
    {
        if (await prices.LatestVersionAsync(ct) == _current.Version)
        {
            return;
        }

        var (version, history) = await prices.GetVersionedHistoryAsync(ct);
        _current = new Snapshot(version, history.VersionCount > 0, history.Meters.ToFrozenSet());
    }
}
