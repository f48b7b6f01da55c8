using System.Net;
using PlanCenter.Api.Tests.Pricing;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Billing;

public sealed partial class MonthCloseTests
{
    /// <summary>A meter of the test price lists below only (flat 0.5 USD).</summary>
    private const string LateMeter = "7e57a11a-0000-4000-8000-0000000000c1";

    private const string OtherMeter = "7e57a11a-0000-4000-8000-0000000000c2";

    /// <summary>
    /// A record rating rejects (no price on its day) when its month closes is not lost: once a price import
    /// lets it rate, it is billed on the next open invoice as late usage of its month (billing-rules §4), it
    /// stays there through further re-rating, and once billed it is never billed again.
    /// </summary>
    [Fact]
    public async Task RecordRejectedAtTheClose_OnceItRates_IsBilledOnceOnTheNextInvoice()
    {
        await using var factory = new PlanCenterFactory();
        var world = await UsageWorld.CreateAsync(factory);
        var prices = await PriceSheetClient.ForUserAsync(factory, "globaladmin@contoso-partner.example");
        async Task ImportAsync(string lateMeterFrom, string otherPrice)
        {
            var import = await prices.ImportAsync("?kind=prices&from=2026-01", string.Join('\n', PriceSheetClient.CsvHeader,
                PriceSheetClient.CsvRow(LateMeter, "0.5", "0", lateMeterFrom, ""), PriceSheetClient.CsvRow(OtherMeter, otherPrice, "0", "2026-01-01", "")));
            import.Status.ShouldBe(HttpStatusCode.Created, import.Text);
        }

        // The price list starts the meter on the 20th: the record of the 15th is rejected, the one of the 21st rates
        // (10 × 0.5 with 15 % PEC = 4.25).
        await ImportAsync("2026-01-20", "1");
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 1, 22, 0, 0, 0, TimeSpan.Zero));
        await world.PostUsageAsync(("late-15", world.Resource("w"), LateMeter, "2026-01-15T12:00:00Z", "4"),
            ("on-21", world.Resource("w"), LateMeter, "2026-01-21T12:00:00Z", "10"));
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero));
        var january = (await WaitForInvoicesAsync(world.Client, 1))[0]!;
        january["totalCharges"]!.GetValue<decimal>().ShouldBe(4.25m);
        var januaryId = january["id"]!.GetValue<string>();
        var januaryLines = await BilledUsageTextAsync(world.Client, januaryId);
        (await RejectIdsAsync(world.Client)).ShouldContain("late-15");

        // The corrected list prices the 15th: the record rates as late usage of January (the 15th is a partial
        // PEC day: 4 × 0.5 = 2.00), unbilled on February's bill.
        await ImportAsync("2026-01-01", "1");
        (await LateLinesAsync(world)).ShouldBe([("2026-01-15T00:00:00Z", 4m, 2m)]);
        (await RejectIdsAsync(world.Client)).ShouldNotContain("late-15");

        // Re-rating for another reason keeps it, once.
        await ImportAsync("2026-01-01", "2");
        (await LateLinesAsync(world)).ShouldBe([("2026-01-15T00:00:00Z", 4m, 2m)]);

        // February closes with it; January never changes; re-rating after that bills it nowhere else.
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero));
        var invoices = await WaitForInvoicesAsync(world.Client, 2);
        var february = invoices.Single(i => i!["id"]!.GetValue<string>() != januaryId)!;
        february["totalCharges"]!.GetValue<decimal>().ShouldBe(2m);
        february["billingPeriodStartDate"]!.GetValue<string>().ShouldStartWith("2026-02-01");
        await ImportAsync("2026-01-01", "3");
        (await LateLinesAsync(world)).ShouldBeEmpty();
        (await world.Client.GetAsync($"/v1/invoices/{januaryId}")).Body["totalCharges"]!.GetValue<decimal>().ShouldBe(4.25m);
        (await BilledUsageTextAsync(world.Client, januaryId)).ShouldBe(januaryLines);
        var februaryLines = await UsageWorld.ReadAllAsync(world.Client,
            $"/v1/invoices/{february["id"]!.GetValue<string>()}/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&size=2000");
        world.Mine(februaryLines).Select(l => l["usageDate"]!.GetValue<string>()).ShouldBe(["2026-01-15T00:00:00Z"]);
    }

    /// <summary>The world's unbilled lines of the current period: (usage date, quantity, pre-tax total).</summary>
    private static async Task<List<(string Date, decimal Quantity, decimal Total)>> LateLinesAsync(UsageWorld world) =>
        [.. world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath())).Select(l =>
            (l["usageDate"]!.GetValue<string>(), l["quantity"]!.GetValue<decimal>(), l["billingPreTaxTotal"]!.GetValue<decimal>()))];

    private static async Task<List<string>> RejectIdsAsync(PartnerClient client)
    {
        var page = await client.GetAsync("/metering/usage/rating-rejects?size=1000");
        page.Status.ShouldBe(HttpStatusCode.OK, page.Text);
        return [.. page.Body["items"]!.AsArray().Select(i => i!["usageRecordId"]!.GetValue<string>())];
    }
}
