using PlanCenter.Domain.Pricing;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>Graduated tier arithmetic of billing-rules §2.3.</summary>
public static class TierPricing
{
    /// <summary>
    /// The list cost (USD) of the quantity range <c>[quantityBefore, quantityBefore + dayQuantity)</c>: the
    /// sum over tiers of the part of the range inside the tier times the tier price. Unrounded.
    /// </summary>
    public static decimal DayCost(IReadOnlyList<PriceTier> tiers, decimal quantityBefore, decimal dayQuantity)
    {
        var from = quantityBefore;
        var to = quantityBefore + dayQuantity;
        var cost = 0m;
        for (var i = 0; i < tiers.Count; i++)
        {
            var low = tiers[i].Minimum;
            var high = i + 1 < tiers.Count ? tiers[i + 1].Minimum : decimal.MaxValue;
            var start = from > low ? from : low;
            var end = to < high ? to : high;
            if (end > start)
            {
                cost += (end - start) * tiers[i].UnitPrice;
            }
        }

        return cost;
    }

    /// <summary>
    /// The day's list unit price <c>u = Round(cost / dayQuantity, 10)</c> (ToEven), or the lowest tier's
    /// price when <paramref name="dayQuantity"/> is 0.
    /// </summary>
    public static decimal DayUnitPrice(PricePeriod period, decimal quantityBefore, decimal dayQuantity)
    {
        if (dayQuantity == 0m)
        {
            return period.Tiers[0].UnitPrice;
        }

        var cost = DayCost(period.Tiers, quantityBefore, dayQuantity);
        return Math.Round(cost / dayQuantity, 10, MidpointRounding.ToEven);
    }
}
