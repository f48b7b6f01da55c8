namespace PlanCenter.Application.Pricing;

/// <summary>The price sheet's columns in order: Partner Center's 18, then PlanCenter's five (billing-rules §1.1).</summary>
public static class PriceSheetColumns
{
    public static readonly string[] All =
    [
        "ProductTitle", "ProductId", "SkuId", "SkuTitle", "Publisher", "SkuDescription", "UnitOfMeasure", "TermDuration", "Market",
        "Currency", "UnitPrice", "PricingTierRangeMin", "PricingTierRangeMax", "EffectiveStartDate", "EffectiveEndDate", "MeterIds",
        "MeterType", "Tags", "MeterName", "MeterCategory", "MeterSubCategory", "MeterRegion", "AvailabilityId",
    ];
}
