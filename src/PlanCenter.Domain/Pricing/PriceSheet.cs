using System.Collections.Frozen;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Pricing;

/// <summary>
/// The consumption price list as rating reads it: per meter, its price periods sorted by first day, at
/// most one effective on any day. Immutable and safe to share between threads.
/// </summary>
public sealed class PriceSheet
{
    private readonly FrozenDictionary<MeterId, PricePeriod[]> _periods;

    private PriceSheet(FrozenDictionary<MeterId, PricePeriod[]> periods) => _periods = periods;

    /// <summary>An empty sheet.</summary>
    public static PriceSheet Empty { get; } = new(FrozenDictionary<MeterId, PricePeriod[]>.Empty);

    /// <summary>The number of meters with Consumption rows.</summary>
    public int MeterCount => _periods.Count;

    /// <summary>The meters with Consumption rows.</summary>
    public IEnumerable<MeterId> Meters => _periods.Keys;

    /// <summary>
    /// Builds the sheet from price rows. Rows not tagged <c>Consumption</c> are ignored. Rows of one meter
    /// with equal tier minimums (as read, the lowest of a period read as 0) and overlapping effective
    /// dates are a file error reported against <paramref name="file"/> and the later row's line.
    /// </summary>
    public static PriceSheet Build(IEnumerable<PriceRow> rows, string file)
    {
        var byPeriod = new Dictionary<(MeterId Meter, DateOnly First, DateOnly? Last), List<PriceRow>>();
        foreach (var row in rows)
        {
            if (!row.IsConsumption)
            {
                continue;
            }

            if (row.LastDay is { } last && last < row.FirstDay)
            {
                throw new InputFileException(file, row.LineNumber, "EffectiveEndDate", "EffectiveEndDate is before EffectiveStartDate");
            }

            var key = (row.MeterId, row.FirstDay, row.LastDay);
            if (!byPeriod.TryGetValue(key, out var list))
            {
                list = [];
                byPeriod.Add(key, list);
            }

            list.Add(row);
        }

        var byMeter = new Dictionary<MeterId, List<PricePeriod>>();
        foreach (var (key, list) in byPeriod)
        {
            list.Sort(static (a, b) => a.TierMinimum != b.TierMinimum ? a.TierMinimum.CompareTo(b.TierMinimum) : a.LineNumber.CompareTo(b.LineNumber));
            var tiers = new PriceTier[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                var minimum = i == 0 ? 0m : list[i].TierMinimum;
                if (i > 0 && minimum == tiers[i - 1].Minimum)
                {
                    var later = Math.Max(list[i].LineNumber, list[i - 1].LineNumber);
                    throw new InputFileException(file, later, "PricingTierRangeMin",
                        $"meter {key.Meter} has two Consumption rows with tier minimum {DecimalText.Format(minimum)} in overlapping effective dates");
                }

                tiers[i] = new PriceTier(minimum, list[i].UnitPrice);
            }

            var isThirdParty = false;
            var isSpot = false;
            foreach (var row in list)
            {
                isThirdParty |= row.IsThirdParty;
                isSpot |= row.IsSpot;
            }

            var period = new PricePeriod(key.Meter, key.First, key.Last, tiers, list[0], isThirdParty, isSpot);
            if (!byMeter.TryGetValue(key.Meter, out var periods))
            {
                periods = [];
                byMeter.Add(key.Meter, periods);
            }

            periods.Add(period);
        }

        var frozen = new Dictionary<MeterId, PricePeriod[]>(byMeter.Count);
        foreach (var (meter, periods) in byMeter)
        {
            periods.Sort(static (a, b) => a.FirstDay.CompareTo(b.FirstDay));
            for (var i = 0; i < periods.Count; i++)
            {
                for (var j = i + 1; j < periods.Count; j++)
                {
                    if (periods[i].Overlaps(periods[j]))
                    {
                        // Both periods have a lowest tier read as 0, so overlapping periods always clash.
                        var later = Math.Max(periods[i].Descriptor.LineNumber, periods[j].Descriptor.LineNumber);
                        throw new InputFileException(file, later, "EffectiveStartDate",
                            $"meter {meter} has two Consumption rows with tier minimum 0 in overlapping effective dates");
                    }
                }
            }

            frozen.Add(meter, [.. periods]);
        }

        return new PriceSheet(frozen.ToFrozenDictionary());
    }

    /// <summary>Finds the price period of <paramref name="meter"/> effective on <paramref name="day"/>.</summary>
    public PriceLookup Find(MeterId meter, DateOnly day, out PricePeriod? period)
    {
        period = null;
        if (!_periods.TryGetValue(meter, out var periods))
        {
            return PriceLookup.UnknownMeter;
        }

        foreach (var candidate in periods)
        {
            if (candidate.Contains(day))
            {
                period = candidate;
                return PriceLookup.Found;
            }
        }

        return PriceLookup.NoPriceOnDate;
    }

    /// <summary>The period of <paramref name="meter"/> effective on <paramref name="day"/>; throws when there is none.</summary>
    public PricePeriod Get(MeterId meter, DateOnly day) =>
        Find(meter, day, out var period) == PriceLookup.Found
            ? period!
            : throw new InvalidOperationException($"Meter {meter} has no Consumption price on {day:yyyy-MM-dd}.");
}
