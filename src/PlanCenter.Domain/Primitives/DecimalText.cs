using System.Globalization;

namespace PlanCenter.Domain.Primitives;

/// <summary>
/// Invariant decimal text for billing files (billing-rules §3): no exponent, no thousands separator and
/// no trailing zeros beyond what the value needs ("1.50" is written "1.5", zero is "0").
/// </summary>
public static class DecimalText
{
    private const string Pattern = "0.############################";

    /// <summary>Formats <paramref name="value"/> without trailing zeros.</summary>
    public static string Format(decimal value)
    {
        if (value == 0m)
        {
            return "0";
        }

        // The general format of a decimal never uses an exponent and keeps the scale's trailing zeros;
        // trimming them gives the text of the custom pattern, several times faster.
        Span<char> text = stackalloc char[64];
        if (!value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture))
        {
            return value.ToString(Pattern, CultureInfo.InvariantCulture);
        }

        if (text[..length].Contains('.'))
        {
            while (text[length - 1] == '0')
            {
                length--;
            }

            if (text[length - 1] == '.')
            {
                length--;
            }
        }

        return new string(text[..length]);
    }

    /// <summary>
    /// Parses a usage quantity: an optional leading <c>-</c>, digits, optionally one <c>.</c> and at most
    /// <paramref name="maxDecimals"/> digits after it. No <c>+</c>, exponent, spaces or separators.
    /// </summary>
    public static bool TryParseQuantity(ReadOnlySpan<char> text, int maxDecimals, out decimal value)
    {
        value = 0m;
        var i = 0;
        if (text.Length > 0 && text[0] == '-')
        {
            i = 1;
        }

        var digits = 0;
        var decimals = -1;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= '0' and <= '9')
            {
                digits++;
                if (decimals >= 0)
                {
                    decimals++;
                }
            }
            else if (c == '.' && decimals < 0)
            {
                decimals = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0 || decimals > maxDecimals)
        {
            return false;
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Parses a price-list or exchange-rate number (invariant, optional sign, decimal point, exponent allowed).</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
