namespace PlanCenter.Documents;

/// <summary>
/// The rate that converted one usage month's charges from the pricing currency to the billing currency:
/// one pricing-currency unit is worth <see cref="Rate"/> billing-currency units.
/// </summary>
/// <param name="UsageMonth">The first day of the usage month the rate applies to (day must be 1).</param>
/// <param name="Rate">Billing-currency units per pricing-currency unit, e.g. 0.9234 for USD to EUR. Positive.</param>
public sealed record InvoiceStatementExchangeRate(DateOnly UsageMonth, decimal Rate);
