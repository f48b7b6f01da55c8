namespace PlanCenter.Domain.Pricing;

/// <summary>The outcome of looking a meter up on a usage day.</summary>
public enum PriceLookup
{
    /// <summary>A price period is effective on the day.</summary>
    Found,

    /// <summary>The meter has no Consumption row at all.</summary>
    UnknownMeter,

    /// <summary>The meter has Consumption rows, none effective on the day.</summary>
    NoPriceOnDate,
}
