using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Pricing;

/// <summary>
/// Imports over the API (<c>POST /v1/pricing/imports</c>): all-or-nothing, every bad row reported, versions
/// that keep earlier months. Each test gets its own host, because imports change the instance's price list.
/// </summary>
public sealed class PriceImportTests
{
    private const string GlobalAdmin = "globaladmin@contoso-partner.example";
    private const string Sales = "sales@contoso-partner.example";
    private const string Meter = "7e57a11a-0000-4000-8000-000000000001";

    private const string Header = PriceSheetClient.CsvHeader;

    private static string PriceRow(string meter, string price, string tierMin, string start, string end, string currency = "USD", string tags = "Azure;Consumption") =>
        PriceSheetClient.CsvRow(meter, price, tierMin, start, end, currency, tags);

    /// <summary>A price change on the 10th of January: tiers 0 @ 1 and 100 @ 0.8 until the 9th, one tier at 0.9 from the 10th.</summary>
    private static readonly string ChangeInJanuary = string.Join('\n',
        Header,
        PriceRow(Meter, "1", "0", "2025-12-01", "2026-01-09"),
        PriceRow(Meter, "0.8", "100", "2025-12-01", "2026-01-09"),
        PriceRow(Meter, "0.9", "0", "2026-01-10", ""));

    [Fact]
    public async Task PriceSheet_CurrentVersusHistory_ForAMonthWithAChange()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);

        var import = await admin.ImportAsync("?kind=prices&from=2025-12", ChangeInJanuary);
        var current = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath())).Text).Where(r => r["MeterIds"] == Meter).ToList();
        var december = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath(query: "?timeline=history&month=202512"))).Text)
            .Where(r => r["MeterIds"] == Meter).ToList();
        var november = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath(query: "?timeline=history&month=202511"))).Text);

        import.Status.ShouldBe(HttpStatusCode.Created, import.Text);
        import.Body["versionId"]!.GetValue<long>().ShouldBe(2);
        import.Body["fromMonth"]!.GetValue<string>().ShouldBe("2025-12");
        current.Select(r => (r["UnitPrice"], r["PricingTierRangeMin"], r["PricingTierRangeMax"], r["EffectiveStartDate"], r["EffectiveEndDate"]))
            .ShouldBe([("1", "0", "100", "2025-12-01", "2026-01-09"), ("0.8", "100", "", "2025-12-01", "2026-01-09"), ("0.9", "0", "", "2026-01-10", "")]);
        december.Select(r => r["UnitPrice"]).ShouldBe(["1", "0.8"], "the January price was not effective in December");
        november.Count.ShouldBeGreaterThan(500, "November is still priced by the demo list imported first");
        november.ShouldNotContain(r => r["MeterIds"] == Meter);
    }

    [Fact]
    public async Task Import_LaterVersion_KeepsTheEarlierMonthsDownloadable()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        await admin.ImportAsync("?kind=prices&from=2025-11", string.Join('\n', Header, PriceRow(Meter, "2", "0", "2025-11-01", "")));

        var january = await admin.ImportAsync("?kind=prices", string.Join('\n', Header, PriceRow(Meter, "3", "0", "2025-11-01", "")));
        var inDecember = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath(query: "?timeline=history&month=202512"))).Text).Single(r => r["MeterIds"] == Meter);
        var inJanuary = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath())).Text).Single(r => r["MeterIds"] == Meter);

        january.Body["fromMonth"]!.GetValue<string>().ShouldBe("2026-01", "by default a later import takes over from the current month");
        inDecember["UnitPrice"].ShouldBe("2");
        inJanuary["UnitPrice"].ShouldBe("3");
    }

    [Fact]
    public async Task Import_BadRows_ReportsEveryOneWithLineAndColumn_AndImportsNothing()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        const string other = "7e57a11a-0000-4000-8000-000000000002";
        var csv = string.Join('\n',
            Header,
            PriceRow(Meter, "1", "0", "2026-01-01", ""),                     // 2: good
            PriceRow(Meter, "0.5", "0", "2026-01-01", ""),                   // 3: repeats tier 0 of line 2
            PriceRow(other, "1", "0", "2026-01-01", "2026-02-28"),           // 4: good
            PriceRow(other, "1", "0", "2026-02-01", ""),                     // 5: overlaps line 4's period
            PriceRow(other, "1", "0", "2026-04-01", "", currency: "EUR"),    // 6: not USD
            PriceRow(other, "-0.1", "0", "2026-05-01", "2026-05-31"),        // 7: negative price
            PriceRow(other, "1", "0", "2026-06-31", ""),                     // 8: no such date
            PriceRow(other, "\"1,5\"", "0", "2026-07-01", "2026-07-31"),     // 9: a decimal comma
            PriceRow(other, "abc", "x", "2026-08-01", "2026-08-31"),         // 10: price and tier not numbers
            PriceRow(other, "1", "-5", "2026-09-01", "2026-09-30"),          // 11: negative tier
            PriceRow("not-a-guid", "1", "0", "2026-01-01", ""),              // 12: meter
            PriceRow(other, "1", "0", "2026-10-01", "2026-09-30"),           // 13: ends before it starts
            PriceRow(other, "1", "0", "2026-11-01", "", tags: "Azure;Spot"), // 14: unknown tag
            PriceRow(other, "1", "0", "2026-12-01", "someday"));             // 15: end not a date

        var response = await admin.ImportAsync("?kind=prices", csv);
        var after = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath())).Text);
        var retry = await admin.ImportAsync("?kind=prices", string.Join('\n', Header, PriceRow(Meter, "1", "0", "2026-01-01", "")));

        response.Status.ShouldBe(HttpStatusCode.BadRequest, response.Text);
        var errors = response.Body["data"]!.AsArray().Select(e => (e!["line"]!.GetValue<long>(), e["column"]!.GetValue<string>())).ToList();
        errors.ShouldBe([
            (3, "PricingTierRangeMin"), (5, "EffectiveStartDate"), (6, "Currency"), (7, "UnitPrice"), (8, "EffectiveStartDate"),
            (9, "UnitPrice"), (10, "PricingTierRangeMin"), (10, "UnitPrice"), (11, "PricingTierRangeMin"), (12, "MeterIds"),
            (13, "EffectiveEndDate"), (14, "Tags"), (15, "EffectiveEndDate"),
        ]);
        response.Body["description"]!.GetValue<string>().ShouldContain("nothing was imported");
        after.ShouldNotContain(r => r["MeterIds"] == Meter || r["MeterIds"] == other);
        retry.Body["versionId"]!.GetValue<long>().ShouldBe(2, "the failed import left no version behind");
    }

    [Fact]
    public async Task Import_MissingRequiredColumns_NamesEachOnLine1()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);

        var response = await admin.ImportAsync("?kind=prices", "MeterIds,UnitPrice\n" + Meter + ",1");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Body["data"]!.AsArray().Select(e => e!["column"]!.GetValue<string>())
            .ShouldBe(["PricingTierRangeMin", "EffectiveStartDate", "EffectiveEndDate", "Tags", "SkuTitle", "MeterType"], ignoreOrder: true);
        response.Body["data"]!.AsArray().ShouldAllBe(e => e!["line"]!.GetValue<long>() == 1);
    }

    [Fact]
    public async Task Import_HeadersInAnyCaseAndOrder_WithExtraColumnsAndTheOpenTierSentinel()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        var csv = "tags,METERIDS,Extra,unitprice,pricingtierrangemin,PricingTierRangeMax,effectivestartdate,effectiveenddate,skutitle,metertype\n"
            + $"\"Azure;Consumption\",{Meter},x,0.25,0,9223372036854780000,2025-06-01T00:00:00,,\"Quoted, SKU\",1 GB";

        var response = await admin.ImportAsync("?kind=prices", csv);
        var row = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath())).Text).Single(r => r["MeterIds"] == Meter);

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
        row["UnitPrice"].ShouldBe("0.25");
        row["SkuTitle"].ShouldBe("Quoted, SKU");
        row["EffectiveStartDate"].ShouldBe("2025-06-01");
    }

    [Fact]
    public async Task Import_RetailPricesJson_TheRealSample()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        using var sample = new StreamReader(DemoWorld.OpenDemoData(DemoWorld.RetailPricesSample));

        var response = await admin.ImportAsync("?kind=prices&from=2026-01", await sample.ReadToEndAsync(), "application/json");

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
        response.Body["format"]!.GetValue<string>().ShouldBe("retail-json");
        response.Body["rows"]!.GetValue<int>().ShouldBe(670);
        response.Body["skippedOtherTypes"]!.GetValue<int>().ShouldBe(328);
        response.Body["repeatedListings"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Import_RetailJsonBadItems_ReportLineAndProperty()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        const string json = """
            {"Items": [
              {"currencyCode": "USD", "tierMinimumUnits": 0.0, "retailPrice": 0.1, "effectiveStartDate": "2025-01-01T00:00:00Z",
               "meterId": "7e57a11a-0000-4000-8000-000000000001", "productId": "DZH318Z0TEST", "skuId": "DZH318Z0TEST/0001", "type": "Consumption"},
              {"currencyCode": "EUR", "tierMinimumUnits": 0.0, "retailPrice": -0.1, "effectiveStartDate": "2025-01-01T00:00:00Z",
               "meterId": "7e57a11a-0000-4000-8000-000000000002", "productId": "DZH318Z0TEST", "skuId": "DZH318Z0TEST/0002", "type": "Consumption"},
              {"currencyCode": "USD", "tierMinimumUnits": 0.0, "retailPrice": 0.1, "effectiveStartDate": "soon",
               "meterId": "7e57a11a-0000-4000-8000-000000000003", "productId": "DZH318Z0TEST", "skuId": "DZH318Z0TEST/0003", "type": "Consumption"},
              {"currencyCode": "USD", "tierMinimumUnits": 0.0, "retailPrice": 0.1, "effectiveStartDate": "2025-01-01",
               "meterId": "7e57a11a-0000-4000-8000-000000000004", "productId": "DZH318Z0TEST", "skuId": "DZH318Z0TEST/0004", "type": "Reservation"}
            ]}
            """;

        var response = await admin.ImportAsync("?kind=prices", json, "application/json");

        response.Status.ShouldBe(HttpStatusCode.BadRequest, response.Text);
        response.Body["data"]!.AsArray().Select(e => (e!["line"]!.GetValue<long>(), e["column"]!.GetValue<string>()))
            .ShouldBe([(4, "currencyCode"), (4, "retailPrice"), (6, "effectiveStartDate")]);
    }

    [Fact]
    public async Task ImportFx_GoodFile_IsServedForItsMonth_AndConvertsWithRoundedInverse()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);

        var response = await admin.ImportAsync("?kind=fx", "CurrencyCode,USDPerUnit,Month\nJPY,0.0067,202602\nEUR,1.0850,2026-02\n");
        var february = await admin.GetAsync("/v1.0/sales/fxrates(Month='202602')/$value");
        var table = await factory.Services.GetRequiredService<PlanCenter.Storage.Pricing.FxRateStore>().LoadTableAsync(CancellationToken.None);

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
        february.Text.ShouldBe("\"CurrencyCode\",\"USDPerUnit\",\"Month\"\r\n\"EUR\",\"1.085\",\"2026-02\"\r\n\"JPY\",\"0.0067\",\"2026-02\"\r\n");
        table.TryGetRate("JPY", new DateOnly(2026, 2, 28), out var yen).ShouldBeTrue();
        yen.ShouldBe(149.2537313433m);
        table.TryGetRate("EUR", new DateOnly(2026, 1, 31), out var januaryEuro).ShouldBeTrue();
        januaryEuro.ShouldBe(0.9090909091m, "January keeps the demo rate 1.1");
    }

    [Fact]
    public async Task ImportFx_BadRows_EveryOneReported_NothingImported()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        var csv = "CurrencyCode,USDPerUnit,Month\nEUR,1.09,2026-02\nXYZ,1,2026-02\nGBP,0,2026-02\nCHF,abc,2026-02\nSEK,0.09,2026-13\nEUR,1.1,202602\n";

        var response = await admin.ImportAsync("?kind=fx", csv);
        var february = await admin.GetAsync("/v1.0/sales/fxrates(Month='202602')/$value");

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Body["data"]!.AsArray().Select(e => (e!["line"]!.GetValue<long>(), e["column"]!.GetValue<string>()))
            .ShouldBe([(3, "CurrencyCode"), (4, "USDPerUnit"), (5, "USDPerUnit"), (6, "Month"), (7, "CurrencyCode")]);
        february.Text.ShouldBe("\"CurrencyCode\",\"USDPerUnit\",\"Month\"\r\n");
    }

    [Theory]
    [InlineData(Sales)]
    [InlineData("adminagent@contoso-partner.example")]
    public async Task Import_NotAGlobalAdmin_Is403(string user)
    {
        using var factory = new PlanCenterFactory();
        var client = await PriceSheetClient.ForUserAsync(factory, user);

        (await client.ImportAsync("?kind=prices", ChangeInJanuary)).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Import_AppOnlyToken_Is403()
    {
        using var factory = new PlanCenterFactory();
        var app = await PriceSheetClient.ForAppAsync(factory);

        (await app.ImportAsync("?kind=fx", "CurrencyCode,USDPerUnit,Month\nEUR,1.09,2026-02\n")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Import_JsonSentAsPlainText_IsRecognisedByItsFirstCharacter()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        const string json = """
            [{"currencyCode": "USD", "tierMinimumUnits": 0.0, "retailPrice": 0.1, "effectiveStartDate": "2025-01-01T00:00:00Z",
              "meterId": "7e57a11a-0000-4000-8000-000000000001", "productId": "DZH318Z0TEST", "skuId": "DZH318Z0TEST/0001", "type": "Consumption"}]
            """;

        var response = await admin.ImportAsync("?kind=prices", json, "text/plain");

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
        response.Body["format"]!.GetValue<string>().ShouldBe("retail-json");
    }

    [Fact]
    public async Task RatingHistory_FromTheDemoSample_FindsTiersAndSpotMeters()
    {
        using var factory = new PlanCenterFactory();
        _ = factory.CreateClient(); // starts the host, which seeds the demo price list
        var store = factory.Services.GetRequiredService<PlanCenter.Storage.Pricing.PriceListStore>();

        var history = await store.GetHistoryAsync(CancellationToken.None);
        var day = new DateOnly(2026, 1, 15);

        history.Find(new Domain.Pricing.MeterId(Guid.Parse("ba2b4df6-e886-4cf2-9818-33f27d22b3cf")), day, out var tiered).ShouldBe(Domain.Pricing.PriceLookup.Found);
        tiered!.Tiers.Select(t => (t.Minimum, t.UnitPrice)).ShouldBe([(0m, 0m), (10m, 0.3m), (240010m, 0.1m), (750010m, 0.05m), (1000010m, 0.02m)]);
        tiered.Descriptor.ProductId.ShouldNotBeNullOrEmpty();
        tiered.Descriptor.AvailabilityId!.Length.ShouldBe(12);
        history.Find(new Domain.Pricing.MeterId(Guid.Parse("000009d0-057f-5f2b-b7e9-9e26add324a8")), day, out var spot).ShouldBe(Domain.Pricing.PriceLookup.Found);
        spot!.IsSpot.ShouldBeTrue("its SKU is 'D14 Spot'");
        spot.IsPecExcluded.ShouldBeTrue();
        history.Find(new Domain.Pricing.MeterId(Guid.Parse("0040183c-3ca7-5865-9727-e49217e62e28")), day, out _)
            .ShouldBe(Domain.Pricing.PriceLookup.NoPriceOnDate, "its price starts on 1 July 2026");
    }

    [Fact]
    public async Task PriceSheet_FutureTimeline_ServesAnImportThatTakesEffectNextMonth()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        await admin.ImportAsync("?kind=prices&from=2026-02", string.Join('\n', Header, PriceRow(Meter, "4", "0", "2026-02-01", "")));

        var future = await admin.GetAsync(PriceSheetClient.SheetPath(query: "?timeline=future"));
        var current = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath())).Text);

        future.Status.ShouldBe(HttpStatusCode.OK, future.Text);
        Download.Rows(future.Text).ShouldHaveSingleItem()["UnitPrice"].ShouldBe("4");
        future.ContentHeaders.ContentDisposition!.FileName.ShouldBe("pricesheet_US_azure_consumption_202602.csv");
        current.ShouldNotContain(r => r["MeterIds"] == Meter);
    }

    [Fact]
    public async Task Import_CsvWithoutAvailabilityId_DerivesTheStableOne()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        var csv = "MeterIds,UnitPrice,PricingTierRangeMin,EffectiveStartDate,EffectiveEndDate,Tags,SkuTitle,MeterType,ProductId,SkuId\n"
            + $"{Meter},1,0,2025-06-01,,Consumption,A,B,DZH318Z0BPVW,00QZ";

        await admin.ImportAsync("?kind=prices", csv);
        var row = Download.Rows((await admin.GetAsync(PriceSheetClient.SheetPath())).Text).Single(r => r["MeterIds"] == Meter);

        row["AvailabilityId"].ShouldBe(Application.Pricing.AvailabilityIds.Derive("DZH318Z0BPVW", "00QZ"));
        row["AvailabilityId"].ShouldStartWith("DZH3");
        row["AvailabilityId"].Length.ShouldBe(12);
    }

    [Fact]
    public async Task RatingHistory_AnImportFromAnEarlierMonth_SupersedesALaterOne()
    {
        using var factory = new PlanCenterFactory();
        var admin = await PriceSheetClient.ForUserAsync(factory, GlobalAdmin);
        await admin.ImportAsync("?kind=prices&from=2026-03", string.Join('\n', Header, PriceRow(Meter, "5", "0", "2025-01-01", "")));
        await admin.ImportAsync("?kind=prices&from=2026-02", string.Join('\n', Header, PriceRow(Meter, "6", "0", "2025-01-01", "")));
        var meter = new Domain.Pricing.MeterId(Guid.Parse(Meter));

        var history = await factory.Services.GetRequiredService<PlanCenter.Storage.Pricing.PriceListStore>().GetHistoryAsync(CancellationToken.None);

        history.Find(meter, new DateOnly(2026, 4, 10), out var april).ShouldBe(Domain.Pricing.PriceLookup.Found);
        april!.Tiers[0].UnitPrice.ShouldBe(6m);
        history.Find(meter, new DateOnly(2026, 1, 31), out _).ShouldBe(Domain.Pricing.PriceLookup.UnknownMeter, "January keeps the demo list");
    }
}
