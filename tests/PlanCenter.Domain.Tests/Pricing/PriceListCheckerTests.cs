using PlanCenter.Domain.Pricing;

namespace PlanCenter.Domain.Tests.Pricing;

public sealed class PriceListCheckerTests
{
    private static readonly MeterId Meter = new(Guid.Parse("11111111-2222-3333-4444-555555555555"));

    internal static PriceListEntry Row(long line, decimal tier, string first, string? last, decimal price = 1m,
        PriceTags tags = PriceTags.Azure | PriceTags.Consumption, MeterId? meter = null) => new()
        {
            MeterId = meter ?? Meter,
            UnitPrice = price,
            TierMinimum = tier,
            FirstDay = DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture),
            LastDay = last is null ? null : DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture),
            Tags = tags,
            LineNumber = line,
        };

    private static List<ImportError> Check(params PriceListEntry[] rows)
    {
        var checker = new PriceListChecker();
        foreach (var row in rows)
        {
            checker.Add(row);
        }

        var errors = new List<ImportError>();
        checker.Check(errors);
        return errors;
    }

    [Fact]
    public void Check_GraduatedTiersAndAdjacentPeriods_Pass() =>
        Check(
            Row(2, 0m, "2026-01-01", "2026-01-14"),
            Row(3, 100m, "2026-01-01", "2026-01-14"),
            Row(4, 0m, "2026-01-15", null),
            Row(5, 100m, "2026-01-15", null)).ShouldBeEmpty();

    [Fact]
    public void Check_RepeatedTierMinimumInOnePeriod_ReportsTheLaterLine()
    {
        var errors = Check(Row(2, 0m, "2026-01-01", null), Row(3, 100m, "2026-01-01", null), Row(4, 100m, "2026-01-01", null));

        var error = errors.ShouldHaveSingleItem();
        error.Line.ShouldBe(4);
        error.Column.ShouldBe("PricingTierRangeMin");
        error.Reason.ShouldContain("line 3");
    }

    [Fact]
    public void Check_TwoZeroTiersInOnePeriod_Clash()
    {
        var errors = Check(Row(2, 0m, "2026-01-01", null), Row(3, 0m, "2026-01-01", null));

        errors.ShouldHaveSingleItem().Line.ShouldBe(3);
    }

    [Fact]
    public void Check_OverlappingPeriodsOfOneMeter_ReportsEachOverlap()
    {
        var errors = Check(
            Row(2, 0m, "2026-01-01", "2026-01-31"),
            Row(3, 0m, "2026-01-31", "2026-02-28"),
            Row(4, 0m, "2026-02-15", null));

        errors.Select(e => e.Line).ShouldBe([3, 4], ignoreOrder: true);
        errors.ShouldAllBe(e => e.Column == "EffectiveStartDate");
    }

    [Fact]
    public void Check_OpenPeriodThenALaterPeriod_Overlap()
    {
        var errors = Check(Row(2, 0m, "2025-10-01", null), Row(3, 0m, "2026-01-01", null));

        errors.ShouldHaveSingleItem().Line.ShouldBe(3);
    }

    [Fact]
    public void Check_RowsNotTaggedConsumption_TakePartInNoRule() =>
        Check(Row(2, 0m, "2026-01-01", null, tags: PriceTags.Reservation), Row(3, 0m, "2026-01-01", null, tags: PriceTags.Reservation),
            Row(4, 0m, "2026-01-01", null)).ShouldBeEmpty();

    [Fact]
    public void Check_SameDatesOnDifferentMeters_Pass() =>
        Check(Row(2, 0m, "2026-01-01", null), Row(3, 0m, "2026-01-01", null, meter: new MeterId(Guid.NewGuid()))).ShouldBeEmpty();
}
