using PlanCenter.Domain.Pricing;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// Prices daily lines (billing-rules §2.3–2.5): tiers accumulate per plan, meter and calendar month day by
/// day; each line gets its plan-meter-day unit price, its partner earned credit and its amounts. Pure and
/// deterministic; safe to use from several threads.
/// </summary>
/// <remarks>
/// Incremental use (the server): tiers make a day's price depend on the plan-meter's earlier days of the
/// month. To (re)rate the lines of some plan-meter-days, pass <see cref="Rate"/> every stored line of each
/// touched <see cref="PlanMeterMonth"/> (merged with the new usage through
/// <see cref="DailyUsageLine.Merge"/>) and keep the result lines of the touched days or all of them;
/// <see cref="TouchedPlanMeterMonths"/> lists the months to load.
/// </remarks>
public sealed class RatingEngine(RatingContext context, RatingOptions options)
{
    /// <summary>The reference data.</summary>
    public RatingContext Context { get; } = context;

    /// <summary>The settings.</summary>
    public RatingOptions Options { get; } = options;

    /// <summary>The plan-meter-months that <paramref name="lines"/> fall in, distinct.</summary>
    public IReadOnlySet<PlanMeterMonth> TouchedPlanMeterMonths(IEnumerable<DailyUsageLine> lines)
    {
        var set = new HashSet<PlanMeterMonth>();
        foreach (var line in lines)
        {
            var account = Context.Accounts.Get(line.EntitlementId);
            set.Add(PlanMeterMonth.Of(account.SubscriptionId, line.MeterId, line.UsageDate));
        }

        return set;
    }

    /// <summary>
    /// Rates <paramref name="lines"/>, which must be accepted lines (known entitlement and a price on the
    /// day) holding, for each plan-meter-month, all usage on and before their days. Returns the rated lines
    /// in the output order of billing-rules §2.6. <paramref name="billedQuantities"/> gives, for a
    /// plan-meter-month whose earlier usage is already invoiced, that billed quantity: the tiers of the
    /// late usage continue from it (billing-rules §4).
    /// </summary>
    public IReadOnlyList<RatedUsageLine> Rate(IEnumerable<DailyUsageLine> lines, IReadOnlyDictionary<PlanMeterMonth, decimal>? billedQuantities = null)
    {
        var sorted = lines.ToArray();
        if (!IsSorted(sorted))
        {
            Array.Sort(sorted, DailyUsageLineOrder.Instance);
        }

        var accounts = new AzureEntitlementAccount[sorted.Length];
        var keys = new PlanMeterMonth[sorted.Length];
        var dayQuantities = new Dictionary<PlanMeterMonth, SortedDictionary<DateOnly, decimal>>();
        for (var i = 0; i < sorted.Length; i++)
        {
            var line = sorted[i];
            var account = accounts[i] = Context.Accounts.Get(line.EntitlementId);
            var key = keys[i] = PlanMeterMonth.Of(account.SubscriptionId, line.MeterId, line.UsageDate);
            if (!dayQuantities.TryGetValue(key, out var days))
            {
                days = [];
                dayQuantities.Add(key, days);
            }

            days[line.UsageDate] = days.GetValueOrDefault(line.UsageDate) + line.Quantity;
        }

        var unitPrices = new Dictionary<(PlanMeterMonth Key, DateOnly Day), decimal>(sorted.Length);
        foreach (var (key, days) in dayQuantities)
        {
            var billed = billedQuantities is not null && billedQuantities.TryGetValue(key, out var q) ? q : 0m;
            foreach (var (day, price) in DayUnitPrices(key.MeterId, days, billed))
            {
                unitPrices.Add((key, day), price);
            }
        }

        var rated = new RatedUsageLine[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            var line = sorted[i];
            rated[i] = RateLine(line, accounts[i], unitPrices[(keys[i], line.UsageDate)]);
        }

        return rated;
    }

    /// <summary>
    /// The list unit price <c>u</c> of each day of one plan-meter-month, given the plan-meter's total
    /// quantity of each day with usage (all resources and Azure subscriptions of the plan). Days are walked
    /// in date order; each day is priced with the period effective on it. The tiers start at
    /// <paramref name="openingQuantity"/> (the month's quantity already invoiced; 0 for an open month).
    /// </summary>
    public IReadOnlyList<KeyValuePair<DateOnly, decimal>> DayUnitPrices(MeterId meter, IEnumerable<KeyValuePair<DateOnly, decimal>> dayQuantities,
        decimal openingQuantity = 0m)
    {
        var days = dayQuantities.ToArray();
        Array.Sort(days, static (a, b) => a.Key.CompareTo(b.Key));
        var result = new KeyValuePair<DateOnly, decimal>[days.Length];
        var before = openingQuantity;
        for (var i = 0; i < days.Length; i++)
        {
            var (day, quantity) = days[i];
            if (i > 0 && (day.Year != days[0].Key.Year || day.Month != days[0].Key.Month))
            {
                throw new ArgumentException("All days must fall in one calendar month.", nameof(dayQuantities));
            }

            var period = Context.Prices.Get(meter, day);
            result[i] = new KeyValuePair<DateOnly, decimal>(day, TierPricing.DayUnitPrice(period, before, quantity));
            before += quantity;
        }

        return result;
    }

    /// <summary>
    /// Rates one line given its plan-meter-day unit price <paramref name="unitPrice"/>: decides partner
    /// earned credit for the line's resource and day and computes the amounts of billing-rules §2.5.
    /// </summary>
    public RatedUsageLine RateLine(DailyUsageLine line, decimal unitPrice) => RateLine(line, Context.Accounts.Get(line.EntitlementId), unitPrice);

    private RatedUsageLine RateLine(DailyUsageLine line, AzureEntitlementAccount account, decimal unitPrice)
    {
        var period = Context.Prices.Get(line.MeterId, line.UsageDate);
        if (!Context.ExchangeRates.TryGetRate(account.BillingCurrency, line.UsageDate, out var exchangeRate))
        {
            throw new InvalidOperationException($"No {account.BillingCurrency} exchange rate for {line.UsageDate:yyyy-MM}.");
        }

        var earnsPec = !period.IsPecExcluded
            && Context.Access.HasQualifyingAccess(line.ResourceUri, account.PartnerId, account.ResellerTenantId, line.UsageDate);
        var pecRate = earnsPec ? Options.PecRate : 0m;
        var effectiveUnitPrice = unitPrice * (1m - pecRate);
        var pricingTotal = line.Quantity * effectiveUnitPrice;
        return new RatedUsageLine
        {
            Usage = line,
            Account = account,
            Period = period,
            UnitPrice = unitPrice,
            EffectiveUnitPrice = effectiveUnitPrice,
            PricingPreTaxTotal = pricingTotal,
            BillingPreTaxTotal = pricingTotal * exchangeRate,
            PCToBCExchangeRate = exchangeRate,
            PartnerEarnedCreditPercentage = earnsPec ? Options.PecPercentage : 0m,
        };
    }

    private static bool IsSorted(DailyUsageLine[] lines)
    {
        for (var i = 1; i < lines.Length; i++)
        {
            if (DailyUsageLineOrder.Instance.Compare(lines[i - 1], lines[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }
}
