using System.Net;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using Shouldly;
using static PlanCenter.Api.Tests.Budgets.BudgetTestSupport;

namespace PlanCenter.Api.Tests.Budgets;

/// <summary><c>GET /v1/usagesummary</c> (<c>PartnerUsageSummary</c>) counts the customers over and trending over their budgets.</summary>
public sealed class PartnerUsageSummaryTests
{
    [Fact]
    public async Task PartnerUsageSummary_ThreeBudgets_CountsOverAndTrendingOver()
    {
        await using var factory = new PlanCenterFactory();
        var trending = await UsageWorld.CreateAsync(factory);
        var over = await UsageWorld.CreateAsync(factory);
        var under = await UsageWorld.CreateAsync(factory);
        var spends = new List<decimal>();
        foreach (var (world, percent) in new[] { (trending, 90m), (over, 150m), (under, 50m) })
        {
            await PostUsageAsync(factory, world, "p-" + world.CustomerId, "2026-01-15", 100);
            var spend = await SpendAsync(factory, world.CustomerId);
            spends.Add(spend);
            await SetBudgetAtAsync(factory, world.CustomerId, spend, percent);
        }

        var client = await factory.SignInAsync("billing@contoso-partner.example");
        var summary = await client.GetAsync("/v1/usagesummary");

        summary.Status.ShouldBe(HttpStatusCode.OK, summary.Text);
        var body = summary.Body;
        body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("PartnerUsageSummary");
        body["customersOverBudget"]!.GetValue<int>().ShouldBe(1);
        body["customersTrendingOver"]!.GetValue<int>().ShouldBe(1);
        body["customersWithUsageBasedSubscription"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(3);
        body["totalCost"]!.GetValue<decimal>().ShouldBeGreaterThanOrEqualTo(spends.Sum());
        body["currencyCode"]!.GetValue<string>().ShouldBe("USD");
        body["emailsToNotify"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(
            ["admin@contoso-partner.example", "billing@contoso-partner.example", "globaladmin@contoso-partner.example"]);
        body["billingStartDate"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }
}
