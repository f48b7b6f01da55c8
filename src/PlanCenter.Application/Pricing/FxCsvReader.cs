using nietras.SeparatedValues;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Pricing;

/// <summary>One monthly exchange rate (billing-rules §1.2).</summary>
/// <param name="CurrencyCode">ISO 4217, upper case.</param>
/// <param name="UsdPerUnit">US dollars for one unit of the currency.</param>
/// <param name="Month">The month's first day.</param>
/// <param name="Line">1-based line in the file.</param>
public sealed record FxRate(string CurrencyCode, decimal UsdPerUnit, DateOnly Month, long Line)
{
    /// <summary><c>PCToBCExchangeRate = Round(1 / USDPerUnit, 10)</c>, banker's rounding.</summary>
    public decimal PricingToBillingRate => ExchangeRateTable.PricingToBillingRate(UsdPerUnit);
}

/// <summary>
/// Reads <c>CurrencyCode,USDPerUnit,Month</c> (any column order and letter case; Month <c>yyyy-MM</c> or
/// <c>yyyyMM</c>). Bad rows: an unknown currency, a rate that is not a number or not above 0, an
/// unreadable month, a second rate for one currency and month.
/// </summary>
public static class FxCsvReader
{
    public static readonly string[] Columns = ["CurrencyCode", "USDPerUnit", "Month"];

    public static List<FxRate> Read(Stream stream, List<ImportError> errors)
    {
        using var reader = Sep.New(',').Reader(o => o with
        {
            HasHeader = true,
            Unescape = true,
            DisableColCountCheck = true,
            ColNameComparer = StringComparer.OrdinalIgnoreCase,
        }).From(stream);
        var missing = Columns.Where(c => !reader.Header.TryIndexOf(c, out _)).ToList();
        if (missing.Count > 0)
        {
            errors.AddRange(missing.Select(c => new ImportError(1, c, $"the required column {c} is missing")));
            return [];
        }

        var (code, usd, month) = (reader.Header.IndexOf("CurrencyCode"), reader.Header.IndexOf("USDPerUnit"), reader.Header.IndexOf("Month"));
        var rates = new List<FxRate>();
        var seen = new Dictionary<(string, DateOnly), long>();
        foreach (var row in reader)
        {
            long line = row.LineNumberFrom;
            if (row.Span.Trim().IsEmpty)
            {
                continue;
            }

            if (row.ColCount <= Math.Max(code, Math.Max(usd, month)))
            {
                errors.Add(new ImportError(line, "*", $"the row has {row.ColCount} columns, fewer than the header"));
                continue;
            }

            var before = errors.Count;
            var currency = row[code].Span.Trim().ToString().ToUpperInvariant();
            if (!IsoCurrencies.IsKnown(currency))
            {
                errors.Add(new ImportError(line, "CurrencyCode", $"'{currency}' is not an ISO 4217 currency"));
            }

            var usdText = row[usd].Span.Trim();
            if (!DecimalText.TryParseNumber(usdText, out var usdPerUnit))
            {
                errors.Add(new ImportError(line, "USDPerUnit", $"'{usdText}' is not a number"));
            }
            else if (usdPerUnit <= 0m)
            {
                errors.Add(new ImportError(line, "USDPerUnit", $"{DecimalText.Format(usdPerUnit)} is not greater than 0"));
            }

            var monthText = row[month].Span.Trim();
            if (!UtcText.TryParseMonth(monthText, out var first))
            {
                errors.Add(new ImportError(line, "Month", $"'{monthText}' is not a month (yyyy-MM or yyyyMM)"));
            }

            if (errors.Count > before)
            {
                continue;
            }

            if (!seen.TryAdd((currency, first), line))
            {
                errors.Add(new ImportError(line, "CurrencyCode", $"a second rate for {currency} in {first:yyyy-MM} (the first is on line {seen[(currency, first)]})"));
                continue;
            }

            rates.Add(new FxRate(currency, usdPerUnit, first, line));
        }

        return rates;
    }
}
