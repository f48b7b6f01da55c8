namespace PlanCenter.Documents;

/// <summary>
/// Refuses a statement the PDF would misprint. It checks shape only (formats, dates, that an amount has no more than
/// two decimals, so printing never rounds); it never re-adds amounts.
/// </summary>
internal static class StatementCheck
{
    public static void Validate(InvoiceStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        Require(IsInvoiceNumber(statement.InvoiceNumber),
            $"Invoice number '{statement.InvoiceNumber}' is not G followed by nine digits.");
        Require(statement.BillingPeriodFirstDay <= statement.BillingPeriodLastDay,
            "The billing period's first day is after its last day.");
        Require(statement.PaymentTermDays >= 0, "Payment terms cannot be negative.");
        Require(IsCurrencyCode(statement.BillingCurrency),
            $"Billing currency '{statement.BillingCurrency}' is not a three-letter ISO code.");
        Require(IsCurrencyCode(statement.PricingCurrency),
            $"Pricing currency '{statement.PricingCurrency}' is not a three-letter ISO code.");

        Require(statement.Partner is not null, "The partner is missing.");
        Require(!string.IsNullOrWhiteSpace(statement.Partner!.Name), "The partner has no name.");
        Require(statement.Partner.AddressLines is not null, "The partner's address lines are null.");

        Require(statement.ExchangeRates is { Count: > 0 }, "At least one exchange rate is needed.");
        var months = new HashSet<DateOnly>();
        foreach (var rate in statement.ExchangeRates!)
        {
            Require(rate is not null, "An exchange rate is null.");
            Require(rate!.UsageMonth.Day == 1, $"Exchange rate month {StatementText.Date(rate.UsageMonth)} is not the first of a month.");
            Require(rate.Rate > 0, $"Exchange rate for {StatementText.Month(rate.UsageMonth)} is not positive.");
            Require(months.Add(rate.UsageMonth), $"Two exchange rates for {StatementText.Month(rate.UsageMonth)}.");
        }

        Require(statement.Customers is not null, "The customer rows are null.");
        foreach (var customer in statement.Customers!)
        {
            Require(customer is not null, "A customer row is null.");
            RequireCents(customer!.Subtotal, customer.CompanyName);
            RequireCents(customer.TaxTotal, customer.CompanyName);
            RequireCents(customer.Total, customer.CompanyName);
        }

        RequireCents(statement.Subtotal, "the invoice subtotal");
        RequireCents(statement.TaxTotal, "the invoice tax");
        RequireCents(statement.Total, "the invoice total");
    }

    private static bool IsInvoiceNumber(string? number)
    {
        if (number is not { Length: 10 } || number[0] != 'G')
        {
            return false;
        }

        foreach (var c in number.AsSpan(1))
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCurrencyCode(string? code) =>
        code is { Length: 3 } && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]) && char.IsAsciiLetterUpper(code[2]);

    private static void RequireCents(decimal amount, string? owner) =>
        Require(decimal.Round(amount, 2, MidpointRounding.ToZero) == amount,
            $"Amount {amount} of {owner} has more than two decimals; the statement prints amounts as given and never rounds.");

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message, "statement");
        }
    }
}
