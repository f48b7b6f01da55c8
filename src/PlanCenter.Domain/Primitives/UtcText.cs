using System.Globalization;

namespace PlanCenter.Domain.Primitives;

/// <summary>
/// Reads the times and dates of billing input files (billing-rules §1.3): ISO-8601 instants where a
/// space may stand for the <c>T</c>, no offset means UTC, a date alone means 00:00 UTC, and any offset
/// is converted to UTC.
/// </summary>
public static class UtcText
{
    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>Parses an instant; the result has offset zero.</summary>
    public static bool TryParseInstant(ReadOnlySpan<char> text, out DateTimeOffset instant)
    {
        text = text.Trim();
        if (text.Length > 10 && text[10] == ' ')
        {
            Span<char> copy = stackalloc char[text.Length];
            text.CopyTo(copy);
            copy[10] = 'T';
            return Parse(copy, out instant);
        }

        return Parse(text, out instant);
    }

    /// <summary>Parses a date <c>yyyy-MM-dd</c>; a time part after <c>T</c> or a space is ignored.</summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        text = text.Trim();
        if (text.Length > 10)
        {
            if (text[10] is not ('T' or ' '))
            {
                date = default;
                return false;
            }

            text = text[..10];
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

    /// <summary>Parses a month <c>yyyy-MM</c> or <c>yyyyMM</c> into its first day.</summary>
    public static bool TryParseMonth(ReadOnlySpan<char> text, out DateOnly firstDay)
    {
        text = text.Trim();
        var format = text.Length == 6 ? "yyyyMM" : "yyyy-MM";
        return DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out firstDay);
    }

    /// <summary>The UTC date of an instant.</summary>
    public static DateOnly UtcDate(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The instant 00:00 UTC of a date.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static bool Parse(ReadOnlySpan<char> text, out DateTimeOffset instant)
    {
        if (DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant))
        {
            instant = instant.ToUniversalTime();
            return true;
        }

        return false;
    }
}
