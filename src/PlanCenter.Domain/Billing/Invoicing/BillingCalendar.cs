using System.Globalization;

namespace PlanCenter.Domain.Billing.Invoicing;

/// <summary>
/// When billing periods close (billing-rules §4): a period is a calendar month (UTC) and closes at a grace
/// time after it ends, by default the 5th of the next month at 00:00 UTC (<see cref="DefaultGrace"/> after
/// the 1st). Pure; the clock is passed in.
/// </summary>
public sealed record BillingCalendar(TimeSpan Grace)
{
    /// <summary>Four days after the 1st: the 5th at 00:00 UTC.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromDays(4);

    /// <summary>The default calendar.</summary>
    public static BillingCalendar Default { get; } = new(DefaultGrace);

    /// <summary>The instant <paramref name="period"/> closes.</summary>
    public DateTimeOffset CloseTime(DateOnly period) =>
        new DateTimeOffset(FirstDay(period).AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + Grace;

    /// <summary>Whether <paramref name="period"/> may close at <paramref name="now"/>.</summary>
    public bool IsDue(DateOnly period, DateTimeOffset now) => CloseTime(period) <= now;

    /// <summary>The latest period that may close at <paramref name="now"/>.</summary>
    public DateOnly LatestDue(DateTimeOffset now)
    {
        var month = PeriodAt(now);
        while (!IsDue(month, now))
        {
            month = month.AddMonths(-1);
        }

        return month;
    }

    /// <summary>The billing period (calendar month, UTC) that <paramref name="now"/> falls in.</summary>
    public static DateOnly PeriodAt(DateTimeOffset now) => FirstDay(DateOnly.FromDateTime(now.UtcDateTime));

    /// <summary>The first day of a date's month.</summary>
    public static DateOnly FirstDay(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>Parses a billing period written <c>yyyy-MM</c>.</summary>
    public static bool TryParsePeriod(string? text, out DateOnly period)
    {
        period = default;
        if (text is not { Length: 7 } || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return false;
        }

        period = day;
        return true;
    }

    /// <summary>Parses a period written <c>yyyy-MM</c> that is known to be well formed (stored text).</summary>
    public static DateOnly Parse(string text) =>
        TryParsePeriod(text, out var period) ? period : throw new FormatException($"'{text}' is not a billing period written yyyy-MM.");

    /// <summary>The <c>yyyy-MM</c> text of a period.</summary>
    public static string Format(DateOnly period) => period.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
