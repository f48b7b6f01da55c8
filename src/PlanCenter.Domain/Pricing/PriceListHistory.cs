namespace PlanCenter.Domain.Pricing;

/// <summary>
/// Every imported version of the price list, each effective from the first day of its month until a
/// later import takes over (an import replaces the list from its month on and keeps earlier months as
/// they were). A usage day is priced by the version in effect for its month, then by that version's
/// <see cref="PriceSheet"/>. Immutable and safe to share between threads.
/// </summary>
public sealed class PriceListHistory
{
    private readonly int[] _fromDays;
    private readonly PriceSheet[] _sheets;

    /// <summary>
    /// Creates the history from versions in import order: each pair is the first day of the version's
    /// first month (null: from the beginning) and its sheet.
    /// </summary>
    public PriceListHistory(IEnumerable<(DateOnly? FromMonth, PriceSheet Sheet)> versions)
    {
        // A later import wins from its month on; resolve that once into ascending, non-overlapping ranges.
        var effective = new List<(int From, PriceSheet Sheet)>();
        foreach (var (from, sheet) in versions)
        {
            var day = from is { } f ? new DateOnly(f.Year, f.Month, 1).DayNumber : int.MinValue;
            effective.RemoveAll(v => v.From >= day);
            effective.Add((day, sheet));
        }

        _fromDays = [.. effective.Select(v => v.From)];
        _sheets = [.. effective.Select(v => v.Sheet)];
    }

    /// <summary>A history with no price list at all.</summary>
    public static PriceListHistory Empty { get; } = new([]);

    /// <summary>The number of versions still in effect for some month (0: no price list loaded).</summary>
    public int VersionCount => _sheets.Length;

    /// <summary>Every meter with a Consumption row in some version still in effect, each once.</summary>
    public IEnumerable<MeterId> Meters => _sheets.SelectMany(s => s.Meters).Distinct();

    /// <summary>The sheet in effect on <paramref name="day"/> (empty before the first version).</summary>
    public PriceSheet SheetOn(DateOnly day)
    {
        // Versions start on the first day of a month, so comparing the day itself finds the version of its month.
        var dayNumber = day.DayNumber;
        var sheets = _sheets;
        var from = _fromDays;
        for (var i = from.Length - 1; i >= 0; i--)
        {
            if (from[i] <= dayNumber)
            {
                return sheets[i];
            }
        }

        return PriceSheet.Empty;
    }

    /// <summary>Finds the price period of <paramref name="meter"/> effective on <paramref name="day"/>.</summary>
    public PriceLookup Find(MeterId meter, DateOnly day, out PricePeriod? period) => SheetOn(day).Find(meter, day, out period);
}
