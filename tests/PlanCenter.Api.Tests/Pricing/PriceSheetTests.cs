using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Pricing;

/// <summary>The price sheet and FX downloads over the demo world's price list (the real Retail Prices sample).</summary>
public sealed class PriceSheetTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private const string Sales = "sales@contoso-partner.example";

    [Fact]
    public async Task PriceSheet_DemoWorld_ServesTheSamplesConsumptionMetersWithTheirTiers()
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        var sheet = await client.GetAsync(PriceSheetClient.SheetPath());

        sheet.Status.ShouldBe(HttpStatusCode.OK, sheet.Text);
        sheet.Text.ShouldStartWith("\"ProductTitle\",\"ProductId\",\"SkuId\",\"SkuTitle\",\"Publisher\",\"SkuDescription\",\"UnitOfMeasure\",\"TermDuration\",\"Market\",\"Currency\",\"UnitPrice\",\"PricingTierRangeMin\",\"PricingTierRangeMax\",\"EffectiveStartDate\",\"EffectiveEndDate\",\"MeterIds\",\"MeterType\",\"Tags\",\"MeterName\",\"MeterCategory\",\"MeterSubCategory\",\"MeterRegion\",\"AvailabilityId\"\r\n");
        var rows = Download.Rows(sheet.Text);
        // 672 Consumption items, less 2 repeated listings of a meter, less 104 that start after 15 January 2026 (today).
        rows.Count.ShouldBe(566);
        rows.ShouldAllBe(r => r["Market"] == "US" && r["Currency"] == "USD" && r["Tags"] == "Azure;Consumption"
            && r["ProductId"].Length == 12 && r["SkuId"].Length == 4 && r["AvailabilityId"].Length == 12);
        // Perf Monitor Connection Metric, US West: five tiers listed out of order in the sample.
        var tiers = rows.Where(r => r["MeterIds"] == "ba2b4df6-e886-4cf2-9818-33f27d22b3cf").ToList();
        tiers.Select(r => r["PricingTierRangeMin"]).ShouldBe(["0", "10", "240010", "750010", "1000010"]);
        tiers.Select(r => r["PricingTierRangeMax"]).ShouldBe(["10", "240010", "750010", "1000010", ""]);
        tiers.Select(r => r["UnitPrice"]).ShouldBe(["0", "0.3", "0.1", "0.05", "0.02"]);
        tiers[0]["EffectiveStartDate"].ShouldBe("2018-03-02");
        tiers[0]["MeterRegion"].ShouldBe("US West");
    }

    [Fact]
    public async Task PriceSheet_ExactPartnerCenterUrl_AndUrlEncodedQuotes_AnswerTheSameAttachment()
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        var literal = await client.GetAsync("/v1.0/sales/pricesheets(Market='US',PricesheetView='azure_consumption')/$value?timeline=current");
        var encoded = await client.GetAsync("/v1.0/sales/pricesheets(Market=%27us%27,PricesheetView=%27azure_consumption%27)/%24value");

        literal.Status.ShouldBe(HttpStatusCode.OK, literal.Text);
        encoded.Status.ShouldBe(HttpStatusCode.OK, encoded.Text);
        encoded.Text.ShouldBe(literal.Text);
        literal.ContentHeaders.ContentDisposition!.DispositionType.ShouldBe("attachment");
        literal.ContentHeaders.ContentDisposition.FileName.ShouldBe("pricesheet_US_azure_consumption_202601.csv");
    }

    [Fact]
    public async Task PriceSheet_AcceptEncodingDeflate_ReturnsTheSameCsvCompressed()
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        var plain = await client.GetAsync(PriceSheetClient.SheetPath());
        var compressed = await client.GetAsync(PriceSheetClient.SheetPath(), deflate: true);

        compressed.Status.ShouldBe(HttpStatusCode.OK);
        compressed.ContentHeaders.ContentEncoding.ShouldBe(["deflate"]);
        compressed.Body.Length.ShouldBeLessThan(plain.Body.Length / 2);
        compressed.Inflated().ShouldBe(plain.Text);
        plain.ContentHeaders.ContentEncoding.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("XX")]
    [InlineData("Narnia")]
    public async Task PriceSheet_UnknownMarket_Is400NamingIt(string market)
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        var response = await client.GetAsync(PriceSheetClient.SheetPath(market));

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        FaultDescription(response).ShouldContain($"'{market}'");
    }

    [Fact]
    public async Task PriceSheet_EuropeanMarket_WritesItsCountryInMarket()
    {
        var client = await PriceSheetClient.ForUserAsync(factory, "admin@fabrikam-partner.example");

        var sheet = await client.GetAsync(PriceSheetClient.SheetPath("de"));

        Download.Rows(sheet.Text).ShouldAllBe(r => r["Market"] == "DE" && r["Currency"] == "USD");
    }

    [Theory]
    [InlineData("?timeline=history", "month")]
    [InlineData("?timeline=history&month=2026-01", "month")]
    [InlineData("?timeline=history&month=202701", "future")]
    [InlineData("?timeline=yesterday", "timeline")]
    public async Task PriceSheet_BadTimelineOrMonth_Is400(string query, string named)
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        var response = await client.GetAsync(PriceSheetClient.SheetPath(query: query));

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        FaultDescription(response).ShouldContain(named);
    }

    [Fact]
    public async Task PriceSheet_FutureTimeline_Is404WhenNothingChanges()
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        (await client.GetAsync(PriceSheetClient.SheetPath(query: "?timeline=future"))).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PriceSheet_ReservationsView_HasNoRowsInTheConsumptionOnlyDemoList()
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        var sheet = await client.GetAsync("/v1.0/sales/pricesheets(Market='US',PricesheetView='azure_reservations')/$value");

        sheet.Status.ShouldBe(HttpStatusCode.OK);
        Download.Rows(sheet.Text).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("globaladmin@contoso-partner.example", HttpStatusCode.OK)]
    [InlineData("adminagent@contoso-partner.example", HttpStatusCode.OK)]
    [InlineData(Sales, HttpStatusCode.OK)]
    [InlineData("billing@contoso-partner.example", HttpStatusCode.Forbidden)]
    [InlineData("helpdesk@contoso-partner.example", HttpStatusCode.Forbidden)]
    public async Task PriceSheetAndFx_ByRole(string user, HttpStatusCode expected)
    {
        var client = await PriceSheetClient.ForUserAsync(factory, user);

        (await client.GetAsync(PriceSheetClient.SheetPath())).Status.ShouldBe(expected);
        (await client.GetAsync("/v1.0/sales/fxrates(Month='202601')/$value")).Status.ShouldBe(expected);
    }

    [Fact]
    public async Task PriceSheetAndFx_AppOnlyToken_Are403()
    {
        var app = await PriceSheetClient.ForAppAsync(factory);

        var sheet = await app.GetAsync(PriceSheetClient.SheetPath());
        var fx = await app.GetAsync("/v1.0/sales/fxrates(Month='202601')/$value");

        sheet.Status.ShouldBe(HttpStatusCode.Forbidden);
        FaultDescription(sheet).ShouldContain("app+user");
        fx.Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task FxRates_DemoMonth_ListsEurAndGbp()
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        var fx = await client.GetAsync("/v1.0/sales/fxrates(Month='202601')/$value");

        fx.Status.ShouldBe(HttpStatusCode.OK);
        fx.Text.ShouldBe("\"CurrencyCode\",\"USDPerUnit\",\"Month\"\r\n\"EUR\",\"1.1\",\"2026-01\"\r\n\"GBP\",\"1.25\",\"2026-01\"\r\n");
    }

    [Fact]
    public async Task FxRates_WithoutMonth_IsTheCurrentMonth()
    {
        var client = await PriceSheetClient.ForUserAsync(factory, Sales);

        var current = await client.GetAsync("/v1.0/sales/fxrates/$value");

        current.Text.ShouldBe((await client.GetAsync("/v1.0/sales/fxrates(Month='202601')/$value")).Text);
    }

    [Fact]
    public async Task Meter_FromTheSample_CarriesCatalogIdsAndNormalisedAttributes()
    {
        var client = await factory.SignInAsync(Sales);

        var meter = await client.GetAsync("/v1/pricing/meters/000009d0-057f-5f2b-b7e9-9e26add324a8");

        meter.Status.ShouldBe(HttpStatusCode.OK, meter.Text);
        meter.Body["productId"]!.GetValue<string>().ShouldBe("DZH318Z0BPVW");
        meter.Body["skuId"]!.GetValue<string>().ShouldBe("00QZ");
        meter.Body["availabilityId"]!.GetValue<string>().Length.ShouldBe(12);
        meter.Body["regionId"]!.GetValue<string>().ShouldBe("southindia");
        meter.Body["regionName"]!.GetValue<string>().ShouldBe("South India");
        meter.Body["distinctUnits"]!.GetValue<string>().ShouldBe("Hours");
        meter.Body["pricingBlockSize"]!.GetValue<decimal>().ShouldBe(1m);
        meter.Body["serviceCategory"]!.GetValue<string>().ShouldBe("Compute");
        meter.Body["meterSubCategory"]!.GetValue<string>().ShouldBe("D Series Windows");
    }

    private static string FaultDescription(Download response) =>
        System.Text.Json.Nodes.JsonNode.Parse(response.Text)!["description"]!.GetValue<string>();
}
