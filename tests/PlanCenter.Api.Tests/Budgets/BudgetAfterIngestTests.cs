using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using Shouldly;
using static PlanCenter.Api.Tests.Budgets.BudgetTestSupport;

namespace PlanCenter.Api.Tests.Budgets;

/// <summary>Usage that lifts a customer's spend to 80 % of its budget queues an alert as soon as it is rated, without waiting for the hourly round.</summary>
public sealed class BudgetAfterIngestTests
{
    [Fact]
    public async Task Ingest_SpendCrosses80Percent_QueuesAnAlertWithoutMovingTheClock()
    {
        await using var factory = new PlanCenterFactory();
        var probe = await UsageWorld.CreateAsync(factory);
        var watched = await UsageWorld.CreateAsync(factory);
        await PostUsageAsync(factory, probe, "i1", "2026-01-15", 100);
        var spend = await SpendAsync(factory, probe.CustomerId);
        await SetBudgetAtAsync(factory, watched.CustomerId, spend, 90m);
        var before = await AlertsAsync(factory, watched.CustomerId);

        // The same usage on the watched customer's own plan costs the same (tiers count per plan).
        await PostUsageAsync(factory, watched, "i2", "2026-01-15", 100);

        before.ShouldBeEmpty();
        var alerts = before;
        for (var i = 0; i < 100 && alerts.Count == 0; i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
            alerts = await AlertsAsync(factory, watched.CustomerId);
        }

        alerts.Count.ShouldBe(1);
        alerts[0]["monthToDateSpend"]!.GetValue<decimal>().ShouldBe(spend);
        alerts[0]["queuedAt"]!.GetValue<DateTimeOffset>().ShouldBe(factory.Time.GetUtcNow());
    }
}
