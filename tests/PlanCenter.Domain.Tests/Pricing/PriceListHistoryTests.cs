using PlanCenter.Domain.Pricing;
using static PlanCenter.Domain.Tests.Pricing.PriceListCheckerTests;

namespace PlanCenter.Domain.Tests.Pricing;

public sealed class PriceListHistoryTests
{
    private static readonly MeterId Meter = new(Guid.Parse("11111111-2222-3333-4444-555555555555"));

    private static DateOnly Day(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static PriceSheet Sheet(params PriceListEntry[] rows) => PriceSheet.Build(rows.Select(r => r.ToPriceRow()), "test.csv");

    // January: tiers 0 @ 1.00 and 100 @ 0.80 until the 14th; from the 15th one tier at 0.90.
    private static readonly PriceSheet January = Sheet(
        Row(2, 100m, "2025-12-01", "2026-01-14", price: 0.8m),
        Row(3, 0m, "2025-12-01", "2026-01-14", price: 1m),
        Row(4, 0m, "2026-01-15", null, price: 0.9m));

    [Theory]
    [InlineData("2025-12-01", 1.0)] // first day of the first period
    [InlineData("2026-01-01", 1.0)] // first day of the month
    [InlineData("2026-01-14", 1.0)] // last day of the old price
    [InlineData("2026-01-15", 0.9)] // the price change, mid-month
    [InlineData("2026-01-31", 0.9)] // last day of the month
    public void Find_OnPeriodBoundaries_PicksThePeriodEffectiveThatDay(string day, double expectedBasePrice)
    {
        var history = new PriceListHistory([(null, January)]);

        history.Find(Meter, Day(day), out var period).ShouldBe(PriceLookup.Found);

        period!.Tiers[0].UnitPrice.ShouldBe((decimal)expectedBasePrice);
    }

    [Fact]
    public void Find_BeforeTheFirstPeriod_IsNoPriceOnDate() =>
        new PriceListHistory([(null, January)]).Find(Meter, Day("2025-11-30"), out _).ShouldBe(PriceLookup.NoPriceOnDate);

    [Fact]
    public void Find_UnknownMeter_IsUnknownMeter() =>
        new PriceListHistory([(null, January)]).Find(new MeterId(Guid.NewGuid()), Day("2026-01-10"), out _).ShouldBe(PriceLookup.UnknownMeter);

    [Fact]
    public void Find_TieredPeriod_TiersSortedWithTheLowestAtZero()
    {
        new PriceListHistory([(null, January)]).Find(Meter, Day("2026-01-10"), out var period);

        period!.Tiers.ShouldBe([new PriceTier(0m, 1m), new PriceTier(100m, 0.8m)]);
    }

    [Fact]
    public void SheetOn_ALaterImport_TakesOverFromItsMonthAndKeepsEarlierMonths()
    {
        var february = Sheet(Row(2, 0m, "2025-12-01", null, price: 0.7m));
        var history = new PriceListHistory([(null, January), (Day("2026-02-01"), february)]);

        history.Find(Meter, Day("2026-01-31"), out var january);
        history.Find(Meter, Day("2026-02-01"), out var firstOfFebruary);

        january!.Tiers[0].UnitPrice.ShouldBe(0.9m);
        firstOfFebruary!.Tiers[0].UnitPrice.ShouldBe(0.7m);
    }

    [Fact]
    public void SheetOn_AnImportFromAnEarlierMonth_ReplacesLaterVersionsToo()
    {
        var march = Sheet(Row(2, 0m, "2025-12-01", null, price: 0.5m));
        var restated = Sheet(Row(2, 0m, "2025-12-01", null, price: 0.6m));
        var history = new PriceListHistory([(null, January), (Day("2026-03-01"), march), (Day("2026-02-01"), restated)]);

        history.Find(Meter, Day("2026-04-10"), out var april);
        history.Find(Meter, Day("2026-01-10"), out var january);

        april!.Tiers[0].UnitPrice.ShouldBe(0.6m);
        january!.Tiers[0].UnitPrice.ShouldBe(1m);
    }

    [Fact]
    public void SheetOn_BeforeTheFirstVersion_IsEmpty() =>
        new PriceListHistory([(Day("2026-02-01"), January)]).SheetOn(Day("2026-01-31")).MeterCount.ShouldBe(0);
}
