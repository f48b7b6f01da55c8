using System.Globalization;

namespace PlanCenter.Documents;

/// <summary>How the statement spells dates, amounts and rates: invariant culture, the same on every machine.</summary>
internal static class StatementText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>ISO date, e.g. <c>2026-11-05</c>.</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    /// <summary>Usage month, e.g. <c>2026-10</c>.</summary>
    public static string Month(DateOnly month) => month.ToString("yyyy-MM", Invariant);

    /// <summary>
    /// An amount as given, two decimals with thousands separators, e.g. <c>-1,234.50</c>. The statement checked
    /// beforehand that the amount has no more than two decimals, so this never rounds.
    /// </summary>
    public static string Amount(decimal amount) => amount.ToString("#,##0.00", Invariant);

    /// <summary>An amount followed by its currency code, e.g. <c>1,234.50 EUR</c>.</summary>
    public static string Amount(decimal amount, string currency) => Amount(amount) + " " + currency;

    /// <summary>An exchange rate with at least four decimals and up to ten, as given, e.g. <c>0.9234</c>.</summary>
    public static string Rate(decimal rate) => rate.ToString("0.0000######", Invariant);

    /// <summary>The exchange-rate line, e.g. <c>Pricing currency USD; exchange rate to EUR: 0.9234 (2026-10)</c>.</summary>
    public static string RateLine(string pricingCurrency, string billingCurrency, InvoiceStatementExchangeRate rate) =>
        $"Pricing currency {pricingCurrency}; exchange rate to {billingCurrency}: {Rate(rate.Rate)} ({Month(rate.UsageMonth)})";

    /// <summary>e.g. <c>2026-10-01 to 2026-10-31</c>.</summary>
    public static string Period(DateOnly firstDay, DateOnly lastDay) => $"{Date(firstDay)} to {Date(lastDay)}";

    /// <summary>e.g. <c>Page 3 of 157</c>.</summary>
    public static string PageOf(int pageNumber, int pageCount) =>
        string.Create(Invariant, $"Page {pageNumber} of {pageCount}");

    /// <summary>e.g. <c>Net 60 days</c>.</summary>
    public static string PaymentTerms(int days) => string.Create(Invariant, $"Net {days} days");

    /// <summary>e.g. <c>5,000 customers</c>, <c>1 customer</c>.</summary>
    public static string CustomerCount(int count) =>
        count == 1 ? "1 customer" : count.ToString("#,##0", Invariant) + " customers";
}
