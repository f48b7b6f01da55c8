namespace PlanCenter.Documents;

/// <summary>
/// What an issued invoice's PDF statement shows: one partner, one billing currency, one billing period.
/// </summary>
/// <remarks>
/// The statement is a print model, not a calculation: every amount is the caller's, already rounded to the
/// billing currency (at most two decimals), and the renderer prints it as given. It does not re-add the customer
/// rows or check that <see cref="Subtotal"/> + <see cref="TaxTotal"/> = <see cref="Total"/>; the invoice builder owns
/// those sums. Partner earned credit (PEC) is already inside the charges, so there is no PEC line.
/// Equality is reference equality on the lists (records compare <see cref="IReadOnlyList{T}"/> by reference).
/// </remarks>
/// <param name="InvoiceNumber">Partner Center invoice number: <c>G</c> followed by nine digits, e.g. <c>G000000001</c>.</param>
/// <param name="InvoiceDate">The date the invoice was issued. It also dates the PDF (creation and modification dates).</param>
/// <param name="BillingPeriodFirstDay">First day of the billing period (inclusive).</param>
/// <param name="BillingPeriodLastDay">Last day of the billing period (inclusive).</param>
/// <param name="Partner">The billed partner: both sold-to and bill-to.</param>
/// <param name="BillingCurrency">ISO 4217 code of the partner's billing currency, e.g. <c>EUR</c>. All amounts are in it.</param>
/// <param name="ExchangeRates">
/// The pricing-currency-to-billing-currency rates the charges were converted with, one per usage month: usually one,
/// more when late usage of an earlier month was billed at that month's rate. At least one.
/// </param>
/// <param name="Customers">One row per customer, printed in the given order.</param>
/// <param name="Subtotal">Charges before tax, in the billing currency.</param>
/// <param name="TaxTotal">Tax, in the billing currency.</param>
/// <param name="Total">Amount due, in the billing currency.</param>
public sealed record InvoiceStatement(
    string InvoiceNumber,
    DateOnly InvoiceDate,
    DateOnly BillingPeriodFirstDay,
    DateOnly BillingPeriodLastDay,
    InvoiceStatementPartner Partner,
    string BillingCurrency,
    IReadOnlyList<InvoiceStatementExchangeRate> ExchangeRates,
    IReadOnlyList<InvoiceStatementCustomer> Customers,
    decimal Subtotal,
    decimal TaxTotal,
    decimal Total)
{
    /// <summary>Net payment terms in days (Partner Center: net 60). Default 60.</summary>
    public int PaymentTermDays { get; init; } = 60;

    /// <summary>ISO 4217 code of the price list's currency. Azure plan prices are in <c>USD</c>, the default.</summary>
    public string PricingCurrency { get; init; } = "USD";

    /// <summary>The day payment is due: <see cref="InvoiceDate"/> plus <see cref="PaymentTermDays"/>.</summary>
    public DateOnly DueDate => InvoiceDate.AddDays(PaymentTermDays);
}
