using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Reconciliation;

/// <summary>
/// One invoice reconciliation line (billing-rules §4): the daily lines of one billing period, customer,
/// plan, meter and partner earned credit percentage. Amounts per billing-rules §4: unit prices rounded to
/// 10 places, <see cref="Subtotal"/> = ROUNDDOWN(ROUNDDOWN(Σ PricingPreTaxTotal, 2) × PCToBCExchangeRate, 2).
/// </summary>
public sealed record InvoiceReconLine
{
    /// <summary>First day of the billing period (= ChargeStartDate).</summary>
    public required DateOnly ChargeStartDate { get; init; }

    /// <summary>Last day of the billing period.</summary>
    public required DateOnly ChargeEndDate { get; init; }

    /// <summary>The transacting partner.</summary>
    public required PartnerTenantId PartnerId { get; init; }

    /// <summary>The customer.</summary>
    public required CustomerId CustomerId { get; init; }

    /// <summary>Customer name.</summary>
    public string? CustomerName { get; init; }

    /// <summary>Customer domain.</summary>
    public string? CustomerDomainName { get; init; }

    /// <summary>Customer country.</summary>
    public string? CustomerCountry { get; init; }

    /// <summary>The billed partner's PartnerID.</summary>
    public string? MpnId { get; init; }

    /// <summary>The reseller of record's PartnerID.</summary>
    public string? ResellerMpnId { get; init; }

    /// <summary>The Azure plan.</summary>
    public required SubscriptionId SubscriptionId { get; init; }

    /// <summary>The meter.</summary>
    public required MeterId MeterId { get; init; }

    /// <summary>The partner earned credit percentage of the group (e.g. 15 or 0).</summary>
    public required decimal PartnerEarnedCreditPercentage { get; init; }

    /// <summary>The price row of the meter on the group's last usage day.</summary>
    public required PriceRow Price { get; init; }

    /// <summary>Σ Quantity.</summary>
    public required decimal BillableQuantity { get; init; }

    /// <summary>Round(Σ (Quantity × UnitPrice) / BillableQuantity, 10), USD.</summary>
    public required decimal UnitPrice { get; init; }

    /// <summary>Round(Σ PricingPreTaxTotal / BillableQuantity, 10), USD.</summary>
    public required decimal EffectiveUnitPrice { get; init; }

    /// <summary>Σ PricingPreTaxTotal, USD, unrounded.</summary>
    public required decimal PricingPreTaxTotal { get; init; }

    /// <summary>The pricing-to-billing exchange rate of the period.</summary>
    public required decimal PCToBCExchangeRate { get; init; }

    /// <summary>Pre-tax amount in the billing currency (rounded down to cents).</summary>
    public required decimal Subtotal { get; init; }

    /// <summary>Tax; 0 unless a tax rule is configured.</summary>
    public required decimal TaxTotal { get; init; }

    /// <summary>Subtotal + TaxTotal.</summary>
    public decimal Total => Subtotal + TaxTotal;

    /// <summary>The billing currency.</summary>
    public required string Currency { get; init; }

    /// <summary>The adjustment text on PEC groups, else null.</summary>
    public string? PriceAdjustmentDescription { get; init; }
}
