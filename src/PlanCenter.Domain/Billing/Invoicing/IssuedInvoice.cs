using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Invoicing;

/// <summary>
/// A G invoice issued by a month close: one per partner, billing currency and billing period
/// (billing-rules §4). Never changes once issued. <see cref="Total"/> is the sum of its recon lines'
/// totals; <see cref="UsageLines"/> counts the daily-rated lines it bills (late usage of earlier months
/// included).
/// </summary>
public sealed record IssuedInvoice(
    string Id,
    PartnerTenantId Partner,
    string Currency,
    DateOnly Period,
    DateTimeOffset InvoiceDate,
    decimal Subtotal,
    decimal TaxTotal,
    decimal Total,
    long UsageLines,
    long ReconLines)
{
    /// <summary>The last day of the billing period.</summary>
    public DateOnly PeriodEnd => Period.AddMonths(1).AddDays(-1);
}

/// <summary>One customer's share of an invoice: the sums of its recon lines.</summary>
public sealed record InvoiceCustomerTotal(CustomerId Customer, string? Name, string? Domain, decimal Subtotal, decimal TaxTotal)
{
    /// <summary>Subtotal plus tax.</summary>
    public decimal Total => Subtotal + TaxTotal;
}
