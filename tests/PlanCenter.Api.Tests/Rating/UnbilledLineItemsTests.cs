using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;
using PlanCenter.Rating.Files;
using PlanCenter.Storage.Rating;
using Shouldly;

namespace PlanCenter.Api.Tests.Rating;

/// <summary>
/// Server-side rating and the unbilled line items (issue 5): the clock is 2026-01-15 09:30 UTC; a new Azure
/// subscription is billable from 00:00 that day and its default Owner assignment (Contoso's AdminAgents)
/// starts at purchase, so the 15th is a partial PEC day and the 16th a whole one.
/// </summary>
public sealed class UnbilledLineItemsTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private const string Meter = UsageWorld.TieredMeter;

    [Fact]
    public async Task UnbilledUsage_LaterIngestOfAnEarlierDay_ReRatesTheMonthsLaterDaysToTheHandComputation()
    {
        var world = await UsageWorld.CreateAsync(factory);
        var a = world.Resource("watcher-a");
        var b = world.Resource("watcher-b");

        // The 16th first: alone, its 5 units sit in the free first tier.
        await world.PostUsageAsync(("r1", a, Meter, "2026-01-16T01:00:00Z", "5"));
        var first = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath()));
        first.Count.ShouldBe(1);
        first[0]["unitPrice"]!.GetValue<decimal>().ShouldBe(0m);

        // Then the 15th (8 units) and more of the 16th on another resource (2 units).
        await world.PostUsageAsync(("r2", a, Meter, "2026-01-15T10:00:00Z", "8"), ("r3", b, Meter, "2026-01-16T02:00:00Z", "2"));
        var lines = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath()));

        lines.Count.ShouldBe(3);
        var day15 = lines.Single(l => l["usageDate"]!.GetValue<string>() == "2026-01-15T00:00:00Z");
        day15["quantity"]!.GetValue<decimal>().ShouldBe(8m);
        day15["unitPrice"]!.GetValue<decimal>().ShouldBe(0m);
        day15["hasPartnerEarnedCredit"]!.GetValue<bool>().ShouldBeFalse();
        // The 16th: 7 units after 8 → [8, 15): 2 × 0 + 5 × 0.3 = 1.5; u = Round(1.5 / 7, 10); whole day covered → 15 % PEC.
        const decimal u = 0.2142857143m;
        const decimal effective = u * 0.85m;
        var day16a = lines.Single(l => l["usageDate"]!.GetValue<string>() == "2026-01-16T00:00:00Z" && l["resourceUri"]!.GetValue<string>() == a);
        var day16b = lines.Single(l => l["resourceUri"]!.GetValue<string>() == b);
        foreach (var (line, quantity) in new[] { (day16a, 5m), (day16b, 2m) })
        {
            line["quantity"]!.GetValue<decimal>().ShouldBe(quantity);
            line["unitPrice"]!.GetValue<decimal>().ShouldBe(u);
            line["effectiveUnitPrice"]!.GetValue<decimal>().ShouldBe(0.182142857155m);
            line["pricingPreTaxTotal"]!.GetValue<decimal>().ShouldBe(quantity * effective);
            line["billingPreTaxTotal"]!.GetValue<decimal>().ShouldBe(quantity * effective);
            line["hasPartnerEarnedCredit"]!.GetValue<bool>().ShouldBeTrue();
            line["rateOfPartnerEarnedCredit"]!.GetValue<decimal>().ShouldBe(0.15m);
            line["pcToBCExchangeRate"]!.GetValue<decimal>().ShouldBe(1m);
            line["billingCurrency"]!.GetValue<string>().ShouldBe("USD");
            line["invoiceLineItemType"]!.GetValue<string>().ShouldBe("usage_line_items");
            line["billingProvider"]!.GetValue<string>().ShouldBe("marketplace");
            line["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("DailyRatedUsageLineItem");
            line["subscriptionId"]!.GetValue<string>().ShouldBe(world.PlanId);
            line["customerId"]!.GetValue<string>().ShouldBe(world.CustomerId);
            line["chargeStartDate"]!.GetValue<string>().ShouldBe("2026-01-01T00:00:00Z");
            line["chargeEndDate"]!.GetValue<string>().ShouldBe("2026-01-31T00:00:00Z");
            line["resourceGroup"]!.GetValue<string>().ShouldBe("rg1");
        }

        day16a["pricingPreTaxTotal"]!.GetValue<decimal>().ShouldBe(0.910714285775m);
    }

    [Fact]
    public async Task UnbilledUsage_DecimalsAreJsonNumbersAtFullPrecision()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(("p1", world.Resource("w"), Meter, "2026-01-16T00:00:00Z", "13.12345678"));

        var response = await world.Client.GetAsync(UsageWorld.UnbilledPath());

        response.Status.ShouldBe(HttpStatusCode.OK);
        response.Text.ShouldContain("\"quantity\":13.12345678");
        world.Mine(response.Body["items"]!.AsArray()!.Select(i => i!))[0]["unitPrice"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.Number);
    }

    [Fact]
    public async Task UnbilledUsage_ServerAndOfflineEngine_GiveIdenticalCsvOnTheSameRecords()
    {
        var world = await UsageWorld.CreateAsync(factory);
        var rows = new List<(string Id, string Resource, string Meter, string Start, string Quantity)>();
        for (var i = 0; i < 12; i++)
        {
            rows.Add(($"eq-{i}", world.Resource($"w{i % 4}", i % 2 == 0 ? "rg1" : "rg2"), Meter, i % 3 == 0 ? "2026-01-15T12:00:00Z" : $"2026-01-16T0{i % 9}:00:00Z",
                (1.5m + i).ToString(CultureInfo.InvariantCulture)));
        }

        // The server gets them in three ingests, in another order.
        await world.PostUsageAsync([.. rows.Skip(8)]);
        await world.PostUsageAsync([.. rows.Take(4)]);
        await world.PostUsageAsync([.. rows.Skip(4).Take(4)]);
        var server = await world.Client.GetAsync(UsageWorld.UnbilledPath(), new Dictionary<string, string> { ["Accept"] = "text/csv" });
        server.Status.ShouldBe(HttpStatusCode.OK, server.Text);

        // The offline path: the same engine over the same records in one pass, written by the offline CSV writer.
        var inputs = await factory.Services.GetRequiredService<ServerRating>().CatchUpAsync(CancellationToken.None);
        var accumulator = new UsageAccumulator();
        foreach (var (id, resource, meter, start, quantity) in rows)
        {
            var record = new UsageRecord(id, new AzureSubscriptionId(Guid.Parse(world.AzureSubscriptionId)), resource, new MeterId(Guid.Parse(meter)),
                DateTimeOffset.Parse(start, CultureInfo.InvariantCulture), decimal.Parse(quantity, CultureInfo.InvariantCulture), "westus", "Microsoft.Network");
            inputs.ContextOn(record.UsageDate).Validate(record).IsAccepted.ShouldBeTrue();
            accumulator.Add(record);
        }

        var rated = new RatingEngine(inputs.ContextOn(new DateOnly(2026, 1, 1)), new RatingOptions()).Rate(accumulator.ToLines());
        using var text = new StringWriter();
        using (var csv = CsvOutput.ToWriter(text, DailyRatedUsageRecon.Headers))
        {
            var cells = new string?[DailyRatedUsageRecon.Headers.Count];
            foreach (var line in rated)
            {
                DailyRatedUsageRecon.FillCells(line, cells);
                csv.WriteRow(cells);
            }
        }

        var offline = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var serverRows = server.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        serverRows[0].ShouldBe(offline[0]);
        serverRows.Skip(1).Where(r => r.Contains(world.AzureSubscriptionId, StringComparison.Ordinal)).ShouldBe(offline.Skip(1));
        offline.Length.ShouldBe(1 + 8);
    }

    [Fact]
    public async Task UnbilledUsage_RecordsOneByOneOrRepeated_GiveTheLinesOfOneIngest()
    {
        var once = await UsageWorld.CreateAsync(factory);
        var split = await UsageWorld.CreateAsync(factory);
        (string Id, string Resource, string Meter, string Start, string Quantity)[] Rows(UsageWorld w, string prefix) =>
        [
            ($"{prefix}-1", w.Resource("a"), Meter, "2026-01-16T03:00:00Z", "4.5"),
            ($"{prefix}-2", w.Resource("a"), Meter, "2026-01-15T12:00:00Z", "7"),
            ($"{prefix}-3", w.Resource("b"), Meter, "2026-01-16T01:00:00Z", "0.25"),
            ($"{prefix}-4", w.Resource("a"), Meter, "2026-01-16T05:00:00Z", "3"),
        ];
        await once.PostUsageAsync(Rows(once, "one"));
        foreach (var row in Rows(split, "split").Reverse())
        {
            await split.PostUsageAsync(row);
        }

        string Shape(JsonNode n) => string.Join('|', n["usageDate"], n["resourceUri"]!.GetValue<string>()[^1..], n["quantity"], n["unitPrice"],
            n["effectiveUnitPrice"], n["pricingPreTaxTotal"], n["hasPartnerEarnedCredit"]);
        var expected = once.Mine(await UsageWorld.ReadAllAsync(once.Client, UsageWorld.UnbilledPath())).Select(Shape).ToList();
        var actual = split.Mine(await UsageWorld.ReadAllAsync(split.Client, UsageWorld.UnbilledPath())).Select(Shape).ToList();

        actual.ShouldBe(expected);
        expected.Count.ShouldBe(3);
    }

    [Fact]
    public async Task UnbilledUsage_RepeatedRecordIds_ChangeNothing()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(("rep-1", world.Resource("a"), Meter, "2026-01-16T03:00:00Z", "12"));
        var before = await world.Client.GetAsync(UsageWorld.UnbilledPath(), new Dictionary<string, string> { ["Accept"] = "text/csv" });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/metering/usage");
        var token = await PartnerClient.GetUserTokenAsync(world.Client.Http, UsageWorld.Admin);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent($"UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart,Quantity\nrep-1,{world.AzureSubscriptionId},{world.Resource("a")},{Meter},2026-01-16T04:00:00Z,99\n",
            System.Text.Encoding.UTF8, "text/csv");
        using var response = await world.Client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var after = await world.Client.GetAsync(UsageWorld.UnbilledPath(), new Dictionary<string, string> { ["Accept"] = "text/csv" });

        JsonNode.Parse(text)!["duplicates"]!.GetValue<int>().ShouldBe(1, text);
        after.Text.ShouldBe(before.Text);
    }

    [Fact]
    public async Task UnbilledUsage_PagesOfSeven_ReturnEveryLineExactlyOnceInOrder()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync([.. Enumerable.Range(0, 30).Select(i =>
            ($"pg-{i}", world.Resource($"w{i:D2}"), Meter, i % 2 == 0 ? "2026-01-15T11:00:00Z" : "2026-01-16T03:00:00Z", "1"))]);

        var whole = await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath());
        var paged = await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath(extra: "&size=7"));

        string Key(JsonNode n) => $"{n["entitlementId"]}|{n["usageDate"]}|{n["meterId"]}|{n["resourceUri"]}";
        paged.Select(Key).ShouldBe(whole.Select(Key));
        paged.Select(Key).Distinct().Count().ShouldBe(paged.Count);
        world.Mine(paged).Count.ShouldBe(30);
    }

    [Fact]
    public async Task UnbilledUsage_HasPartnerEarnedCreditFilter_SplitsTheLines()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(("f1", world.Resource("w"), Meter, "2026-01-15T11:00:00Z", "3"), ("f2", world.Resource("w"), Meter, "2026-01-16T08:00:00Z", "4"));

        var all = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath()));
        var with = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath(extra: "&hasPartnerEarnedCredit=true")));
        var without = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath(extra: "&hasPartnerEarnedCredit=false")));

        all.Count.ShouldBe(2);
        with.Single()["usageDate"]!.GetValue<string>().ShouldBe("2026-01-16T00:00:00Z");
        without.Single()["usageDate"]!.GetValue<string>().ShouldBe("2026-01-15T00:00:00Z");
    }

    [Fact]
    public async Task UnbilledUsage_OtherPartner_SeesNoneOfTheLines()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(("o1", world.Resource("w"), Meter, "2026-01-16T08:00:00Z", "4"));
        var fabrikam = await factory.SignInAsync("admin@fabrikam-partner.example");

        var items = await UsageWorld.ReadAllAsync(fabrikam, UsageWorld.UnbilledPath());
        var recon = await UsageWorld.ReadAllAsync(fabrikam, UsageWorld.UnbilledPath("billinglineitems"));

        world.Mine(items).ShouldBeEmpty();
        world.Mine(recon).ShouldBeEmpty();
        items.ShouldAllBe(i => i["partnerId"]!.GetValue<string>() == "fab12000-0000-4000-8000-000000000002");
    }

    [Fact]
    public async Task UnbilledUsage_PreviousPeriodAndOtherCurrency_AreEmptyForThisMonthsUsdLines()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(("c1", world.Resource("w"), Meter, "2026-01-16T08:00:00Z", "4"));

        world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath().Replace("period=current", "period=previous", StringComparison.Ordinal))).ShouldBeEmpty();
        world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath().Replace("currencyCode=", "currencyCode=EUR", StringComparison.Ordinal))).ShouldBeEmpty();
        world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath().Replace("currencyCode=", "currencyCode=usd", StringComparison.Ordinal))).Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("&size=2001")]
    [InlineData("&hasPartnerEarnedCredit=maybe")]
    [InlineData("&seekOperation=Previous")]
    public async Task UnbilledUsage_BadQuery_Is400(string extra)
    {
        var client = await factory.SignInAsync(UsageWorld.Admin);

        var response = await client.GetAsync(UsageWorld.UnbilledPath(extra: extra));

        response.Status.ShouldBe(HttpStatusCode.BadRequest, response.Text);
    }

    [Fact]
    public async Task UnbilledInvoiceRecon_GroupsByMeterAndPec_WithRoundDownSubtotals()
    {
        var world = await UsageWorld.CreateAsync(factory);
        var a = world.Resource("watcher-a");
        await world.PostUsageAsync(("i1", a, Meter, "2026-01-15T10:00:00Z", "8"), ("i2", a, Meter, "2026-01-16T01:00:00Z", "5"),
            ("i3", world.Resource("watcher-b"), Meter, "2026-01-16T02:00:00Z", "2"));

        var recon = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath("billinglineitems")));

        recon.Count.ShouldBe(2);
        var pec = recon.Single(r => r["partnerEarnedCreditPercentage"]!.GetValue<decimal>() == 15m);
        pec["billableQuantity"]!.GetValue<decimal>().ShouldBe(7m);
        // Σ PricingPreTaxTotal = 7 × 0.182142857155 = 1.275000000085 → ROUNDDOWN 2 → 1.27 (× 1 USD).
        pec["subtotal"]!.GetValue<decimal>().ShouldBe(1.27m);
        pec["totalForCustomer"]!.GetValue<decimal>().ShouldBe(1.27m);
        pec["unitPrice"]!.GetValue<decimal>().ShouldBe(0.2142857143m);
        pec["priceAdjustmentDescription"]!.GetValue<string>().ShouldBe("[\"15.0% Partner earned credit for services managed\"]");
        pec["invoiceLineItemType"]!.GetValue<string>().ShouldBe("billing_line_items");
        pec["billingProvider"]!.GetValue<string>().ShouldBe("one_time");
        pec["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("OneTimeInvoiceLineItem");
        pec["quantity"]!.GetValue<int>().ShouldBe(1);
        var none = recon.Single(r => r["partnerEarnedCreditPercentage"]!.GetValue<decimal>() == 0m);
        none["billableQuantity"]!.GetValue<decimal>().ShouldBe(8m);
        none["subtotal"]!.GetValue<decimal>().ShouldBe(0m);
    }

    [Fact]
    public async Task UnbilledInvoiceRecon_PagesOfTwo_ReturnEveryGroupOnceInOrder()
    {
        var worlds = new List<UsageWorld>();
        for (var w = 0; w < 3; w++)
        {
            var world = await UsageWorld.CreateAsync(factory);
            await world.PostUsageAsync(($"rp-{w}-1", world.Resource("w"), Meter, "2026-01-15T11:00:00Z", "3"),
                ($"rp-{w}-2", world.Resource("w"), Meter, "2026-01-16T08:00:00Z", "4"));
            worlds.Add(world);
        }

        var client = worlds[0].Client;
        var whole = await UsageWorld.ReadAllAsync(client, UsageWorld.UnbilledPath("billinglineitems"));
        var paged = await UsageWorld.ReadAllAsync(client, UsageWorld.UnbilledPath("billinglineitems", "&size=2"));

        string Key(JsonNode n) => $"{n["customerId"]}|{n["subscriptionId"]}|{n["meterId"]}|{n["partnerEarnedCreditPercentage"]}";
        paged.Select(Key).ShouldBe(whole.Select(Key));
        paged.Select(Key).Distinct().Count().ShouldBe(paged.Count);
        worlds.ShouldAllBe(w => w.Mine(paged).Count == 2);
    }

    [Fact]
    public async Task UnbilledInvoiceRecon_AfterMoreUsage_IsBuiltAgain()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(("ra-1", world.Resource("w"), Meter, "2026-01-16T08:00:00Z", "4"));
        var before = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath("billinglineitems"))).Single();

        await world.PostUsageAsync(("ra-2", world.Resource("w"), Meter, "2026-01-16T09:00:00Z", "6"));
        var after = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath("billinglineitems"))).Single();

        before["billableQuantity"]!.GetValue<decimal>().ShouldBe(4m);
        after["billableQuantity"]!.GetValue<decimal>().ShouldBe(10m);
    }

    [Fact]
    public async Task UnbilledInvoiceRecon_Csv_HasTheOfflineHeaders()
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(("v1", world.Resource("w"), Meter, "2026-01-16T02:00:00Z", "20"));

        var csv = await world.Client.GetAsync(UsageWorld.UnbilledPath("billinglineitems"), new Dictionary<string, string> { ["Accept"] = "text/csv" });

        csv.Status.ShouldBe(HttpStatusCode.OK);
        var lines = csv.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe(string.Join(',', InvoiceRecon.Headers));
        // 20 units: [0, 10) free + [10, 20) × 0.3 = 3 → × 0.85 = 2.55.
        lines.Single(l => l.Contains(world.PlanId, StringComparison.Ordinal)).Split(',')[18].ShouldBe("2.55");
    }
}
