using System.Collections.Frozen;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Pricing;

/// <summary>
/// Monthly pricing-to-billing exchange rates (billing-rules §1.2). A rate holds for every usage day of
/// its month; <c>PCToBCExchangeRate = Round(1 / USDPerUnit, 10)</c> with banker's rounding; USD is
/// exactly 1. Currency codes compare case-insensitively.
/// </summary>
public sealed class ExchangeRateTable
{
    /// <summary>Rates by currency (case-insensitive, so a lookup needs no upper-cased copy), then by month key.</summary>
    private readonly FrozenDictionary<string, FrozenDictionary<int, decimal>> _rates;

    private ExchangeRateTable(Dictionary<(string Currency, int Month), decimal> rates) =>
        _rates = rates.GroupBy(rate => rate.Key.Currency)
            .ToFrozenDictionary(
                currency => currency.Key,
                currency => currency.ToFrozenDictionary(rate => rate.Key.Month, rate => rate.Value),
                StringComparer.OrdinalIgnoreCase);

    /// <summary>A table with no rates (only USD billing rates).</summary>
    public static ExchangeRateTable Empty { get; } = new([]);

    /// <summary>The pricing-to-billing rate for a USD-per-unit quote: Round(1 / usdPerUnit, 10), ToEven.</summary>
    public static decimal PricingToBillingRate(decimal usdPerUnit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(usdPerUnit);
        return Math.Round(1m / usdPerUnit, 10, MidpointRounding.ToEven);
    }

    /// <summary>
    /// Builds the table. <paramref name="rows"/> carry currency, USD per unit, the month's first day and
    /// the 1-based line for errors. A non-positive rate or a second row for one currency and month is a
    /// file error against <paramref name="file"/>.
    /// </summary>
    public static ExchangeRateTable Build(IEnumerable<(string CurrencyCode, decimal UsdPerUnit, DateOnly Month, long LineNumber)> rows, string file)
    {
        var rates = new Dictionary<(string, int), decimal>();
        foreach (var (currency, usdPerUnit, month, line) in rows)
        {
            if (usdPerUnit <= 0m)
            {
                throw new InputFileException(file, line, "USDPerUnit", "USDPerUnit must be greater than 0");
            }

            var key = (currency.Trim().ToUpperInvariant(), MonthKey(month));
            if (!rates.TryAdd(key, PricingToBillingRate(usdPerUnit)))
            {
                throw new InputFileException(file, line, "CurrencyCode", $"second rate for {key.Item1} in {month:yyyy-MM}");
            }
        }

        return new ExchangeRateTable(rates);
    }

    /// <summary>The pricing-to-billing rate for <paramref name="billingCurrency"/> in the month of <paramref name="day"/>.</summary>
    public bool TryGetRate(string billingCurrency, DateOnly day, out decimal pricingToBillingRate)
    {
        if (string.Equals(billingCurrency, "USD", StringComparison.OrdinalIgnoreCase))
        {
            pricingToBillingRate = 1m;
            return true;
        }

        if (_rates.TryGetValue(billingCurrency, out var months))
        {
            return months.TryGetValue(MonthKey(day), out pricingToBillingRate);
        }

        pricingToBillingRate = 0m;
        return false;
    }

    private static int MonthKey(DateOnly day) => (day.Year * 12) + day.Month - 1;
}
