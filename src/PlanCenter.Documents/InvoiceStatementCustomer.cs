namespace PlanCenter.Documents;

/// <summary>One customer's charges on the invoice, in the billing currency (amounts as given, at most two decimals).</summary>
/// <param name="CustomerId">The customer's tenant id.</param>
/// <param name="CompanyName">The customer's organisation name.</param>
/// <param name="Domain">The customer's default domain, e.g. <c>contoso.onmicrosoft.com</c>.</param>
/// <param name="Subtotal">Charges before tax.</param>
/// <param name="TaxTotal">Tax.</param>
/// <param name="Total">Charges plus tax.</param>
public sealed record InvoiceStatementCustomer(
    Guid CustomerId,
    string CompanyName,
    string Domain,
    decimal Subtotal,
    decimal TaxTotal,
    decimal Total);
