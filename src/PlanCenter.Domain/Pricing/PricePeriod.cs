namespace PlanCenter.Domain.Pricing;

/// <summary>
/// The Consumption rows of one meter with the same effective start and end (billing-rules §1.1):
/// graduated <see cref="Tiers"/> sorted by minimum, the lowest read as 0. <see cref="Descriptor"/> is the
/// lowest tier's row, which supplies product, SKU and meter names for the recon files.
/// </summary>
public sealed class PricePeriod
{
    internal PricePeriod(MeterId meterId, DateOnly firstDay, DateOnly? lastDay, PriceTier[] tiers, PriceRow descriptor,
        bool isThirdParty, bool isSpot)
    {
        MeterId = meterId;
        FirstDay = firstDay;
        LastDay = lastDay;
        Tiers = tiers;
        Descriptor = descriptor;
        IsThirdParty = isThirdParty;
        IsSpot = isSpot;
    }

    /// <summary>The meter.</summary>
    public MeterId MeterId { get; }

    /// <summary>First effective day (inclusive).</summary>
    public DateOnly FirstDay { get; }

    /// <summary>Last effective day (inclusive), null when open.</summary>
    public DateOnly? LastDay { get; }

    /// <summary>Tiers by ascending minimum; the first has minimum 0.</summary>
    public IReadOnlyList<PriceTier> Tiers { get; }

    /// <summary>The lowest tier's row.</summary>
    public PriceRow Descriptor { get; }

    /// <summary>Any row of the period is tagged <c>ThirdParty</c>.</summary>
    public bool IsThirdParty { get; }

    /// <summary>Any row's SKU title or meter type ends in <c>Spot</c>.</summary>
    public bool IsSpot { get; }

    /// <summary>The meter never earns partner earned credit in this period (ThirdParty or Spot).</summary>
    public bool IsPecExcluded => IsThirdParty || IsSpot;

    /// <summary>True when the period is effective on <paramref name="day"/>.</summary>
    public bool Contains(DateOnly day) => FirstDay <= day && (LastDay is null || day <= LastDay.Value);

    internal bool Overlaps(PricePeriod other) =>
        (LastDay is null || other.FirstDay <= LastDay.Value) && (other.LastDay is null || FirstDay <= other.LastDay.Value);
}
