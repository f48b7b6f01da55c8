using System.Net;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Domain.Billing.Reconciliation;
using Shouldly;

namespace PlanCenter.Api.Tests.Exports;

/// <summary><c>GET /v1/invoices/unbilled/focus</c>: the unbilled daily-rated lines as FOCUS 1.2 CSV.</summary>
public sealed class FocusExportTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private const string Meter = UsageWorld.TieredMeter;

    [Fact]
    public async Task UnbilledFocus_HasTheHeaderAndOneRowPerDailyLineWithItsCosts()
    {
        var world = await UsageWorld.CreateAsync(factory);
        var id = Guid.NewGuid().ToString("N")[..8];
        await world.PostUsageAsync(
            ($"{id}-1", world.Resource("a"), Meter, "2026-01-15T10:00:00Z", "8"),
            ($"{id}-2", world.Resource("a"), Meter, "2026-01-16T01:00:00Z", "5"),
            ($"{id}-3", world.Resource("b"), Meter, "2026-01-16T02:00:00Z", "2"));

        var response = await world.Client.GetAsync("/v1/invoices/unbilled/focus?currencyCode=USD&period=current");
        var api = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath()));

        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        var rows = response.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe(string.Join(',', FocusCost.Headers));
        var mine = rows.Skip(1).Where(r => r.Contains(world.AzureSubscriptionId, StringComparison.Ordinal)).ToList();
        mine.Count.ShouldBe(api.Count);
        mine.Count.ShouldBe(3);
        // The 16th on resource a: 5 units at u = 0.2142857143 with 15 % PEC, in USD (exchange rate 1).
        var day16a = mine.Single(r => r.Contains(",2026-01-17T00:00:00Z,2026-01-16T00:00:00Z,", StringComparison.Ordinal) && r.Contains("networkWatchers/a,", StringComparison.Ordinal));
        day16a.ShouldStartWith("0.910714285775,");
        day16a.ShouldContain(",1.0714285715,");
        day16a.ShouldContain(",true,0.15,USD,");
    }

    [Fact]
    public async Task Focus_BilledInvoiceOrBadPeriod_Are404And400()
    {
        var client = await factory.SignInAsync(UsageWorld.Admin);

        var billed = await client.GetAsync("/v1/invoices/G000000404/focus");
        var badPeriod = await client.GetAsync("/v1/invoices/unbilled/focus?period=later");

        billed.Status.ShouldBe(HttpStatusCode.NotFound);
        badPeriod.Status.ShouldBe(HttpStatusCode.BadRequest);
    }
}
