using PlanCenter.Domain.Pricing;

namespace PlanCenter.Application.Usage;

/// <summary>
/// Which meters the loaded price list knows. Until a price list is loaded, ingestion cannot judge meters
/// and keeps every record for rating (which then decides UnknownMeter / NoPriceOnDate).
/// </summary>
public interface IMeterDirectory
{
    /// <summary>True once a price list has been loaded.</summary>
    bool HasPriceList { get; }

    /// <summary>True when the price list has a Consumption row for <paramref name="meter"/>.</summary>
    bool IsKnown(MeterId meter);

    /// <summary>
    /// Brings the directory up to date with the stored price list; the ledger calls it once per batch, before
    /// validating. <see cref="HasPriceList"/> and <see cref="IsKnown"/> stay cheap and synchronous.
    /// </summary>
    ValueTask RefreshAsync(CancellationToken ct) => ValueTask.CompletedTask;
}

/// <summary>No price list: meters are left to rating.</summary>
public sealed class NoMeterDirectory : IMeterDirectory
{
    public bool HasPriceList => false;

    public bool IsKnown(MeterId meter) => true;
}
