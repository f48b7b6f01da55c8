namespace PlanCenter.Domain.Pricing;

/// <summary>
/// One row of the Azure plan consumption price list (billing-rules §1.1): the USD price of one
/// <see cref="UnitOfMeasure"/> block of a meter in one tier and one price period. The period runs from
/// <see cref="FirstDay"/> to <see cref="LastDay"/>, both inclusive (null = open).
/// <see cref="TierMinimum"/> is the cumulative monthly quantity after which the price applies, as read.
/// </summary>
public sealed record PriceRow
{
    /// <summary>The meter.</summary>
    public required MeterId MeterId { get; init; }

    /// <summary>USD price per unit of measure.</summary>
    public required decimal UnitPrice { get; init; }

    /// <summary>The tier minimum as read (the lowest tier of a period counts as 0).</summary>
    public required decimal TierMinimum { get; init; }

    /// <summary>First effective day (inclusive).</summary>
    public required DateOnly FirstDay { get; init; }

    /// <summary>Last effective day (inclusive), null when open.</summary>
    public DateOnly? LastDay { get; init; }

    /// <summary>Tagged <c>Consumption</c>: only such rows rate usage.</summary>
    public bool IsConsumption { get; init; }

    /// <summary>Tagged <c>ThirdParty</c>: never earns partner earned credit.</summary>
    public bool IsThirdParty { get; init; }

    /// <summary>Price list <c>ProductTitle</c>.</summary>
    public string? ProductTitle { get; init; }

    /// <summary>Price list <c>ProductId</c>.</summary>
    public string? ProductId { get; init; }

    /// <summary>Price list <c>SkuId</c>.</summary>
    public string? SkuId { get; init; }

    /// <summary>Price list <c>SkuTitle</c>.</summary>
    public string? SkuTitle { get; init; }

    /// <summary>Price list <c>Publisher</c>.</summary>
    public string? Publisher { get; init; }

    /// <summary>Price list <c>UnitOfMeasure</c>.</summary>
    public string? UnitOfMeasure { get; init; }

    /// <summary>Price list <c>MeterType</c>.</summary>
    public string? MeterType { get; init; }

    /// <summary>PlanCenter column <c>MeterName</c>.</summary>
    public string? MeterName { get; init; }

    /// <summary>PlanCenter column <c>MeterCategory</c>.</summary>
    public string? MeterCategory { get; init; }

    /// <summary>PlanCenter column <c>MeterSubCategory</c>.</summary>
    public string? MeterSubCategory { get; init; }

    /// <summary>PlanCenter column <c>MeterRegion</c>.</summary>
    public string? MeterRegion { get; init; }

    /// <summary>PlanCenter column <c>AvailabilityId</c>.</summary>
    public string? AvailabilityId { get; init; }

    /// <summary>1-based line of the row in its file (0 when not from a file), for file errors.</summary>
    public long LineNumber { get; init; }

    /// <summary>True when the trimmed <see cref="SkuTitle"/> or <see cref="MeterType"/> ends in <c>Spot</c>.</summary>
    public bool IsSpot => EndsInSpot(SkuTitle) || EndsInSpot(MeterType);

    /// <summary>True when the row is effective on <paramref name="day"/>.</summary>
    public bool IsEffectiveOn(DateOnly day) => FirstDay <= day && (LastDay is null || day <= LastDay.Value);

    private static bool EndsInSpot(string? text) =>
        text is not null && text.AsSpan().Trim().EndsWith("Spot", StringComparison.OrdinalIgnoreCase);
}
