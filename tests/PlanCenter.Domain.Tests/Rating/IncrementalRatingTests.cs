using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Usage;
using static PlanCenter.Domain.Tests.Rating.RatingWorld;

namespace PlanCenter.Domain.Tests.Rating;

/// <summary>How the server re-rates touched plan-meter-days: merge new usage into stored lines, re-rate the touched months.</summary>
public sealed class IncrementalRatingTests
{
    [Fact]
    public void Rate_StoredLinesMergedWithLateUsage_EqualsRatingEverythingAtOnce()
    {
        var context = new RatingWorld().Price(Meter, 1.00m).Price(Meter, 0.80m, 100m).Allow($"/subscriptions/{Sub1}", Partner, At(1)).Build();
        var engine = new RatingEngine(context, new RatingOptions());
        UsageRecord[] early = [Record("a", At(2), 70m), Record("b", At(4), 20m, Sub2, Vm2)];
        UsageRecord[] late = [Record("c", At(3), 30m), Record("d", At(4, 5), 5m, Sub2, Vm2)];
        var stored = new UsageAccumulator();
        foreach (var record in early)
        {
            stored.Add(record);
        }

        var merged = stored.ToLines().ToDictionary(l => (l.EntitlementId, l.ResourceUri.ToLowerInvariant(), l.MeterId, l.UsageDate));
        foreach (var record in late)
        {
            var fresh = DailyUsageLine.FromRecord(record);
            var key = (fresh.EntitlementId, fresh.ResourceUri.ToLowerInvariant(), fresh.MeterId, fresh.UsageDate);
            merged[key] = merged.TryGetValue(key, out var line) ? line.Merge(fresh) : fresh;
        }

        var touched = engine.TouchedPlanMeterMonths(late.Select(r => DailyUsageLine.FromRecord(r)));
        var incremental = engine.Rate(merged.Values);
        var all = Rate(context, [.. early, .. late]);

        touched.Count.ShouldBe(1);
        incremental.ShouldBe(all);
        incremental.Single(l => l.UsageDate == Day(4)).UnitPrice.ShouldBe(0.8m);
    }
}
