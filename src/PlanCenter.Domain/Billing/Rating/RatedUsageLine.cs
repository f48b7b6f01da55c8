using PlanCenter.Domain.Access;
using PlanCenter.Domain.Pricing;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// A priced daily line (billing-rules §2.3–2.5). <see cref="UnitPrice"/> is the plan-meter-day list unit
/// price <c>u</c> (USD, rounded to 10 places); the amounts are exact decimal products, unrounded:
/// <c>EffectiveUnitPrice = u × (1 − pecRate)</c>, <c>PricingPreTaxTotal = Quantity × EffectiveUnitPrice</c>
/// (USD), <c>BillingPreTaxTotal = PricingPreTaxTotal × PCToBCExchangeRate</c> (billing currency).
/// </summary>
public sealed record RatedUsageLine
{
    /// <summary>The summed usage.</summary>
    public required DailyUsageLine Usage { get; init; }

    /// <summary>Who is billed.</summary>
    public required AzureEntitlementAccount Account { get; init; }

    /// <summary>The price period effective on the usage date.</summary>
    public required PricePeriod Period { get; init; }

    /// <summary>The list unit price <c>u</c> (USD).</summary>
    public required decimal UnitPrice { get; init; }

    /// <summary>The unit price after partner earned credit (USD).</summary>
    public required decimal EffectiveUnitPrice { get; init; }

    /// <summary>Pre-tax amount in USD.</summary>
    public required decimal PricingPreTaxTotal { get; init; }

    /// <summary>Pre-tax amount in the billing currency.</summary>
    public required decimal BillingPreTaxTotal { get; init; }

    /// <summary>The pricing-to-billing exchange rate of the usage month.</summary>
    public required decimal PCToBCExchangeRate { get; init; }

    /// <summary>The partner earned credit percentage: the configured percentage (e.g. 15) or 0.</summary>
    public required decimal PartnerEarnedCreditPercentage { get; init; }

    /// <summary>The usage quantity.</summary>
    public decimal Quantity => Usage.Quantity;

    /// <summary>The usage day.</summary>
    public DateOnly UsageDate => Usage.UsageDate;

    /// <summary>First day of the usage month (the billing period).</summary>
    public DateOnly ChargeStartDate => new(UsageDate.Year, UsageDate.Month, 1);

    /// <summary>Last day of the usage month.</summary>
    public DateOnly ChargeEndDate => ChargeStartDate.AddMonths(1).AddDays(-1);

    /// <summary>The resource group segment of the resource id, or null.</summary>
    public string? ResourceGroup => AccessScope.ResourceGroup(Usage.ResourceUri);

    /// <summary>The meter.</summary>
    public MeterId MeterId => Usage.MeterId;
}
