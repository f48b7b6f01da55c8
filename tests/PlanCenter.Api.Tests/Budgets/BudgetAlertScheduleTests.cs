using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Infrastructure;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Storage.Budgets;
using Shouldly;
using static PlanCenter.Api.Tests.Budgets.BudgetTestSupport;

namespace PlanCenter.Api.Tests.Budgets;

/// <summary>
/// The alert schedule of billing-rules §5, end to end: usage is rated, the budget worker runs on the host's
/// fake clock (2026-01-15 09:30 UTC, every hour), and the test moves that clock.
/// </summary>
public sealed class BudgetAlertScheduleTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    [Fact]
    public async Task Alerts_SpendAt90Percent_AlertAtOnceAgainAfter7DaysAndNeverAbove100Percent()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await PostUsageAsync(factory, world, "b1", "2026-01-15", 100);
        var spend = await SpendAsync(factory, world.CustomerId);
        spend.ShouldBeGreaterThan(0m);
        var budget = await SetBudgetAtAsync(factory, world.CustomerId, spend, 90m);

        var start = await NextRoundAsync(Interval);
        var atStart = await AlertsAsync(factory, world.CustomerId);
        await NextRoundAsync(TimeSpan.FromDays(6));
        var after6Days = await AlertsAsync(factory, world.CustomerId);
        await NextRoundAsync(TimeSpan.FromDays(1));
        var after7Days = await AlertsAsync(factory, world.CustomerId);
        await PostUsageAsync(factory, world, "b2", "2026-01-16", 200);
        var overSpend = await SpendAsync(factory, world.CustomerId);
        await NextRoundAsync(TimeSpan.FromDays(7));
        var over = await AlertsAsync(factory, world.CustomerId);

        atStart.Count.ShouldBe(1);
        var first = atStart[0];
        first["customerId"]!.GetValue<string>().ShouldBe(world.CustomerId);
        first["period"]!.GetValue<string>().ShouldBe("2026-01");
        first["queuedAt"]!.GetValue<DateTimeOffset>().ShouldBe(start);
        first["monthToDateSpend"]!.GetValue<decimal>().ShouldBe(spend);
        first["budget"]!.GetValue<decimal>().ShouldBe(budget);
        first["currencyCode"]!.GetValue<string>().ShouldBe("USD");
        first["percentUsed"]!.GetValue<decimal>().ShouldBe(Math.Round(spend * 100m / budget, 2, MidpointRounding.AwayFromZero));
        first["deliveryStatus"]!.GetValue<string>().ShouldBe("queued");
        first["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("SpendingBudgetAlert");
        after6Days.Count.ShouldBe(1);
        after7Days.Count.ShouldBe(2);
        after7Days[1]["queuedAt"]!.GetValue<DateTimeOffset>().ShouldBe(start.AddDays(7));
        overSpend.ShouldBeGreaterThan(budget);
        over.Count.ShouldBe(2);
    }

    /// <summary>Moves the clock by <paramref name="by"/> once the worker waits, and waits for the round that wakes; returns its instant.</summary>
    private async Task<DateTimeOffset> NextRoundAsync(TimeSpan by)
    {
        var worker = factory.Services.GetRequiredService<BudgetAlertWorker>();
        var evaluator = factory.Services.GetRequiredService<BudgetAlertEvaluator>();
        await WaitUntilAsync(() => worker.NextRunAt is not null, "the worker waits for its next round");

        factory.Time.Advance(by);
        var now = factory.Time.GetUtcNow();

        await WaitUntilAsync(() => evaluator.LastEvaluatedAt == now && worker.NextRunAt == now + Interval, $"the round of {now:O} is done");
        return now;
    }
}
