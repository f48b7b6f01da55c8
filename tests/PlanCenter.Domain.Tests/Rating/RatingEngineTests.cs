using PlanCenter.Domain.Billing.Rating;
using static PlanCenter.Domain.Tests.Rating.RatingWorld;

namespace PlanCenter.Domain.Tests.Rating;

public sealed class RatingEngineTests
{
    private static RatingWorld Tiered() =>
        new RatingWorld().Price(Meter, 1.00m).Price(Meter, 0.80m, 100m).Price(Meter, 0.50m, 100000m);

    [Fact]
    public void Rate_MicrosoftExample101UnitsInOneDay_Costs100Point80()
    {
        var lines = Rate(Tiered().Build(), [Record("a", At(3), 101m)]);

        lines.Count.ShouldBe(1);
        lines[0].UnitPrice.ShouldBe(0.9980198020m);
        lines[0].PricingPreTaxTotal.ShouldBe(101m * 0.9980198020m);
        Math.Round(lines[0].PricingPreTaxTotal, 2, MidpointRounding.ToEven).ShouldBe(100.80m);
    }

    [Fact]
    public void Rate_TiersAcrossDays_AccumulateOverTheMonth()
    {
        var lines = Rate(Tiered().Build(), [Record("a", At(1), 60m), Record("b", At(2), 60m)]);

        lines[0].UnitPrice.ShouldBe(1.00m);
        lines[1].UnitPrice.ShouldBe(Math.Round(((40m * 1.00m) + (20m * 0.80m)) / 60m, 10, MidpointRounding.ToEven));
    }

    [Fact]
    public void Rate_TiersAcrossAzureSubscriptionsOfOnePlan_ShareTheAccumulation()
    {
        var lines = Rate(Tiered().Build(), [Record("a", At(1), 100m, Sub1, Vm1), Record("b", At(1), 100m, Sub2, Vm2)]);

        lines.Count.ShouldBe(2);
        lines.ShouldAllBe(l => l.UnitPrice == 0.9m);
    }

    [Fact]
    public void Rate_NewMonth_RestartsTheTiers()
    {
        var world = Tiered();
        var lines = Rate(world.Build(), [Record("a", At(31), 150m), Record("b", new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), 50m)]);

        lines[1].UsageDate.ShouldBe(new DateOnly(2026, 2, 1));
        lines[1].UnitPrice.ShouldBe(1.00m);
    }

    [Fact]
    public void Rate_PriceChangeMidMonth_NewPeriodContinuesTheAccumulation()
    {
        var world = new RatingWorld()
            .Price(Meter, 1.00m, first: new DateOnly(2025, 1, 1), last: Day(14))
            .Price(Meter, 0.80m, 100m, first: new DateOnly(2025, 1, 1), last: Day(14))
            .Price(Meter, 2.00m, first: Day(15))
            .Price(Meter, 1.50m, 100m, first: Day(15));

        var lines = Rate(world.Build(), [Record("a", At(10), 90m), Record("b", At(20), 20m)]);

        lines[0].UnitPrice.ShouldBe(1.00m);
        lines[1].UnitPrice.ShouldBe(((10m * 2.00m) + (10m * 1.50m)) / 20m);
    }

    [Fact]
    public void Rate_RecordsOfOneResourceMeterDay_SumIntoOneLine()
    {
        var lines = Rate(Tiered().Build(), [Record("a", At(5, 1), 1.5m), Record("b", At(5, 2), 2.25m), Record("c", At(6, 1), 1m)]);

        lines.Count.ShouldBe(2);
        lines[0].Quantity.ShouldBe(3.75m);
        lines[0].UsageDate.ShouldBe(Day(5));
    }

    [Fact]
    public void Rate_ResourceUriInOtherCase_SameLineWithLatestSpelling()
    {
        var lines = Rate(Tiered().Build(), [Record("a", At(5, 3), 1m, resource: Vm1.ToUpperInvariant()), Record("b", At(5, 1), 1m)]);

        lines.Count.ShouldBe(1);
        lines[0].Usage.ResourceUri.ShouldBe(Vm1.ToUpperInvariant());
    }

    [Fact]
    public void Rate_EqualUsageStarts_AttributesOfGreatestRecordIdWin()
    {
        var lines = Rate(Tiered().Build(), [Record("b", At(5, 1), 1m, tags: "{\"x\":\"b\"}"), Record("a", At(5, 1), 1m, tags: "{\"x\":\"a\"}")]);

        lines[0].Usage.Tags.ShouldBe("{\"x\":\"b\"}");
        lines[0].Usage.LatestUsageRecordId.ShouldBe("b");
    }

    [Fact]
    public void Rate_LaterUsageStart_WinsOverGreaterRecordId()
    {
        var lines = Rate(Tiered().Build(), [Record("z", At(5, 1), 1m, tags: "{\"x\":\"z\"}"), Record("a", At(5, 2), 1m, tags: "{\"x\":\"a\"}")]);

        lines[0].Usage.Tags.ShouldBe("{\"x\":\"a\"}");
    }

    [Fact]
    public void Rate_NoAccess_NoPecAndAmountsAtListPrice()
    {
        var lines = Rate(new RatingWorld().Price(Meter, 0.868m).Build(), [Record("a", At(5), 10m)]);

        lines[0].PartnerEarnedCreditPercentage.ShouldBe(0m);
        lines[0].EffectiveUnitPrice.ShouldBe(0.868m);
        lines[0].PricingPreTaxTotal.ShouldBe(8.68m);
        lines[0].BillingPreTaxTotal.ShouldBe(8.68m);
    }

    [Fact]
    public void Rate_OwnerForPartnerAllDay_EarnsPecOnEffectivePrice()
    {
        var world = new RatingWorld().Price(Meter, 0.868m).Allow($"/subscriptions/{Sub1}", Partner, At(1));

        var line = Rate(world.Build(), [Record("a", At(5), 10m)])[0];

        line.PartnerEarnedCreditPercentage.ShouldBe(15m);
        line.EffectiveUnitPrice.ShouldBe(0.7378m);
        line.PricingPreTaxTotal.ShouldBe(7.378m);
    }

    [Fact]
    public void Rate_ConfiguredPecRate_UsesIt()
    {
        var world = new RatingWorld().Price(Meter, 1m).Allow($"/subscriptions/{Sub1}", Partner, At(1));

        var line = Rate(world.Build(), [Record("a", At(5), 10m)], new RatingOptions { PecRate = 0.125m })[0];

        line.PartnerEarnedCreditPercentage.ShouldBe(12.5m);
        line.EffectiveUnitPrice.ShouldBe(0.875m);
    }

    [Fact]
    public void Rate_ThirdPartyMeter_NeverEarnsPec()
    {
        var world = new RatingWorld().Price(Meter, 1m, tags: "Consumption;ThirdParty").Allow($"/subscriptions/{Sub1}", Partner, At(1));

        var line = Rate(world.Build(), [Record("a", At(5), 10m)])[0];

        line.PartnerEarnedCreditPercentage.ShouldBe(0m);
        line.PricingPreTaxTotal.ShouldBe(10m);
    }

    [Theory]
    [InlineData("D14 Spot", "1 Compute Hour")]
    [InlineData("D14", " Low Priority SPOT ")]
    public void Rate_SpotMeter_NeverEarnsPec(string skuTitle, string meterType)
    {
        var world = new RatingWorld().Price(Meter, 1m, skuTitle: skuTitle, meterType: meterType).Allow($"/subscriptions/{Sub1}", Partner, At(1));

        var line = Rate(world.Build(), [Record("a", At(5), 10m)])[0];

        line.PartnerEarnedCreditPercentage.ShouldBe(0m);
    }

    [Fact]
    public void Rate_EuroBilling_ConvertsWithRoundedRate()
    {
        var world = new RatingWorld { Currency = "EUR" }.Price(Meter, 2m);
        world.Rates.Add(("EUR", 1.1818181818181818m, new DateOnly(2026, 1, 1), 2));

        var line = Rate(world.Build(), [Record("a", At(5), 10m)])[0];

        line.PCToBCExchangeRate.ShouldBe(0.8461538462m);
        line.BillingPreTaxTotal.ShouldBe(20m * 0.8461538462m);
    }

    [Fact]
    public void DayUnitPrices_DaysOutOfOrder_WalksInDateOrder()
    {
        var engine = new RatingEngine(Tiered().Build(), new RatingOptions());

        var prices = engine.DayUnitPrices(Meter, [new(Day(2), 100m), new(Day(1), 100m)]);

        prices[0].ShouldBe(new KeyValuePair<DateOnly, decimal>(Day(1), 1.00m));
        prices[1].ShouldBe(new KeyValuePair<DateOnly, decimal>(Day(2), 0.80m));
    }

    [Fact]
    public void Merge_StoredLineWithNewUsage_AddsQuantityAndKeepsLatestAttributes()
    {
        var stored = DailyUsageLine.FromRecord(Record("a", At(5, 1), 1m, tags: "old"));
        var fresh = DailyUsageLine.FromRecord(Record("b", At(5, 9), 2m, tags: "new"));

        var merged = stored.Merge(fresh);

        merged.Quantity.ShouldBe(3m);
        merged.Tags.ShouldBe("new");
    }
}
