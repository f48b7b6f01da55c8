namespace PlanCenter.Domain.Pricing;

/// <summary>
/// One row of the Azure plan price list as imported and served (billing-rules §1.1): the Partner Center
/// columns and the five PlanCenter columns, plus the meter's normalised catalog attributes (from the
/// FinOps toolkit's open data). Dates are inclusive; <see cref="LastDay"/> null is open.
/// </summary>
public sealed record PriceListEntry
{
    public required MeterId MeterId { get; init; }

    public required decimal UnitPrice { get; init; }

    /// <summary>The tier minimum as read (the lowest tier of a period rates as 0).</summary>
    public required decimal TierMinimum { get; init; }

    public required DateOnly FirstDay { get; init; }

    public DateOnly? LastDay { get; init; }

    public required PriceTags Tags { get; init; }

    public string? ProductTitle { get; init; }

    public string? ProductId { get; init; }

    public string? SkuId { get; init; }

    public string? SkuTitle { get; init; }

    public string? Publisher { get; init; }

    public string? SkuDescription { get; init; }

    public string? UnitOfMeasure { get; init; }

    public string? TermDuration { get; init; }

    public string? MeterType { get; init; }

    public string? MeterName { get; init; }

    public string? MeterCategory { get; init; }

    public string? MeterSubCategory { get; init; }

    public string? MeterRegion { get; init; }

    public string? AvailabilityId { get; init; }

    /// <summary>Normalised Azure region id (e.g. <c>westeurope</c>), when the region is known.</summary>
    public string? RegionId { get; init; }

    /// <summary>Normalised region display name (e.g. <c>West Europe</c>).</summary>
    public string? RegionName { get; init; }

    /// <summary>Units in one pricing block of <see cref="UnitOfMeasure"/> (e.g. 10000 for <c>10K</c>).</summary>
    public decimal? PricingBlockSize { get; init; }

    /// <summary>The unit without its block size (e.g. <c>GB/Month</c>).</summary>
    public string? DistinctUnits { get; init; }

    /// <summary>Normalised service category (e.g. <c>Compute</c>).</summary>
    public string? ServiceCategory { get; init; }

    /// <summary>1-based line of the row in its file.</summary>
    public long LineNumber { get; init; }

    public bool IsConsumption => (Tags & PriceTags.Consumption) != 0;

    /// <summary>The row as the rating engine reads it.</summary>
    public PriceRow ToPriceRow() => new()
    {
        MeterId = MeterId,
        UnitPrice = UnitPrice,
        TierMinimum = TierMinimum,
        FirstDay = FirstDay,
        LastDay = LastDay,
        IsConsumption = IsConsumption,
        IsThirdParty = (Tags & PriceTags.ThirdParty) != 0,
        ProductTitle = ProductTitle,
        ProductId = ProductId,
        SkuId = SkuId,
        SkuTitle = SkuTitle,
        Publisher = Publisher,
        UnitOfMeasure = UnitOfMeasure,
        MeterType = MeterType,
        MeterName = MeterName,
        MeterCategory = MeterCategory,
        MeterSubCategory = MeterSubCategory,
        MeterRegion = MeterRegion,
        AvailabilityId = AvailabilityId,
        LineNumber = LineNumber,
    };
}
