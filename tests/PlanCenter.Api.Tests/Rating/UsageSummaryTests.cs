using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Rating;

/// <summary>Month-to-date usage summaries (domain.md §8) from the rated lines; the clock is 2026-01-15 09:30 UTC.</summary>
public sealed class UsageSummaryTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private const string Meter = UsageWorld.TieredMeter;

    [Fact]
    public async Task UsageSummaries_TwoResourcesOfOneMeter_AddUpToTheRatedLines()
    {
        var world = await UsageWorld.CreateAsync(factory);
        // 15th: 8 units (free tier, no PEC); 16th: 5 + 2 units at u = 0.2142857143 with PEC → 7 × 0.182142857155.
        await world.PostUsageAsync(("s1", world.Resource("a"), Meter, "2026-01-15T10:00:00Z", "8"), ("s2", world.Resource("a"), Meter, "2026-01-16T01:00:00Z", "5"),
            ("s3", world.Resource("b", "rg2"), Meter, "2026-01-16T02:00:00Z", "2"));
        const decimal total = 7m * 0.182142857155m;
        var plan = $"/v1/customers/{world.CustomerId}/subscriptions/{world.PlanId}";

        var customer = await world.Client.GetAsync($"/v1/customers/{world.CustomerId}/usagesummary");
        var summary = await world.Client.GetAsync($"{plan}/usagesummary");
        var meters = await world.Client.GetAsync($"{plan}/meterusagerecords");
        var resources = await world.Client.GetAsync($"{plan}/resourceusagerecords");

        customer.Status.ShouldBe(HttpStatusCode.OK, customer.Text);
        customer.Body["totalCost"]!.GetValue<decimal>().ShouldBe(total);
        customer.Body["usdTotalCost"]!.GetValue<decimal>().ShouldBe(total);
        customer.Body["currencyCode"]!.GetValue<string>().ShouldBe("USD");
        customer.Body["resourceId"]!.GetValue<string>().ShouldBe(world.CustomerId);
        customer.Body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("CustomerUsageSummary");
        customer.Body["billingStartDate"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        summary.Body["totalCost"]!.GetValue<decimal>().ShouldBe(total);
        summary.Body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("SubscriptionUsageSummary");
        var meter = meters.Body["items"]!.AsArray().Single()!;
        meter["quantityUsed"]!.GetValue<decimal>().ShouldBe(15m);
        meter["totalCost"]!.GetValue<decimal>().ShouldBe(total);
        meter["meterName"]!.GetValue<string>().ShouldBe("Standard Perf Monitor Connection Metric");
        meter["meterId"]!.GetValue<string>().ShouldEndWith("-Standard Perf Monitor Connection Metric");
        var byResource = resources.Body["items"]!.AsArray().ToDictionary(r => r!["resourceName"]!.GetValue<string>(), r => r!);
        byResource["a"]["totalCost"]!.GetValue<decimal>().ShouldBe(5m * 0.182142857155m);
        byResource["b"]["resourceGroupName"]!.GetValue<string>().ShouldBe("rg2");
        byResource["b"]["entitlementId"]!.GetValue<string>().ShouldBe(world.AzureSubscriptionId);
    }

    [Fact]
    public async Task UsageSummary_OtherPartnersCustomer_Is404()
    {
        var world = await UsageWorld.CreateAsync(factory);
        var fabrikam = await factory.SignInAsync("admin@fabrikam-partner.example");

        var response = await fabrikam.GetAsync($"/v1/customers/{world.CustomerId}/subscriptions/{world.PlanId}/meterusagerecords");

        response.Status.ShouldBe(HttpStatusCode.NotFound, response.Text);
    }
}
