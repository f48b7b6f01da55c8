using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Tests.Rating;
using static PlanCenter.Domain.Tests.Rating.RatingWorld;

namespace PlanCenter.Domain.Tests.Billing;

public sealed class InvoicingTests
{
    [Fact]
    public void Calendar_ClosesAPeriodOnThe5thAt0000Utc_ByDefault()
    {
        var calendar = BillingCalendar.Default;
        calendar.CloseTime(new DateOnly(2026, 1, 1)).ShouldBe(new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero));
        calendar.CloseTime(new DateOnly(2026, 12, 1)).ShouldBe(new DateTimeOffset(2027, 1, 5, 0, 0, 0, TimeSpan.Zero));
        calendar.IsDue(new DateOnly(2026, 1, 1), new DateTimeOffset(2026, 2, 4, 23, 59, 59, TimeSpan.Zero)).ShouldBeFalse();
        calendar.IsDue(new DateOnly(2026, 1, 1), new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero)).ShouldBeTrue();
        calendar.LatestDue(new DateTimeOffset(2026, 2, 4, 12, 0, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2025, 12, 1));
        calendar.LatestDue(new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2026, 1, 1));
        new BillingCalendar(TimeSpan.FromHours(6)).CloseTime(new DateOnly(2026, 1, 1)).ShouldBe(new DateTimeOffset(2026, 2, 1, 6, 0, 0, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("2026-01", true)]
    [InlineData("2026-12", true)]
    [InlineData("2026-13", false)]
    [InlineData("2026-1", false)]
    [InlineData("2026-01-01", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Calendar_ParsesPeriodsWrittenYyyyMm(string? text, bool valid) => BillingCalendar.TryParsePeriod(text, out _).ShouldBe(valid);

    [Fact]
    public void InvoiceNumber_IsGAndNineDigits_AndRefusesSequencesOutOfRange()
    {
        InvoiceNumber.FromSequence(1).ShouldBe("G000000001");
        InvoiceNumber.FromSequence(123_456_789).ShouldBe("G123456789");
        Should.Throw<ArgumentOutOfRangeException>(() => InvoiceNumber.FromSequence(0));
        Should.Throw<ArgumentOutOfRangeException>(() => InvoiceNumber.FromSequence(1_000_000_000));
        InvoiceNumber.IsWellFormed("g000000001").ShouldBeTrue();
        InvoiceNumber.IsWellFormed("G00000001").ShouldBeFalse();
        InvoiceNumber.IsWellFormed("D000000001").ShouldBeFalse();
        InvoiceNumber.IsWellFormed("G00000000x").ShouldBeFalse();
    }

    [Fact]
    public void Engine_LateUsageOfAnInvoicedMonth_ContinuesTheTiersFromTheBilledQuantity()
    {
        // Tiers: [0, 100) at 1, [100, ∞) at 0.5. 90 units are invoiced; 20 late units straddle the boundary.
        var world = new RatingWorld().Price(Meter, 1m).Price(Meter, 0.5m, tierMinimum: 100m);
        var context = world.Build();
        var accumulator = new UsageAccumulator();
        accumulator.Add(Record("late", At(20), 20m));
        var engine = new RatingEngine(context, new RatingOptions());
        var key = PlanMeterMonth.Of(Plan, Meter, Day(20));

        var late = engine.Rate(accumulator.ToLines(), new Dictionary<PlanMeterMonth, decimal> { [key] = 90m }).ShouldHaveSingleItem();
        var fresh = engine.Rate(accumulator.ToLines()).ShouldHaveSingleItem();

        late.UnitPrice.ShouldBe(0.75m); // (10 × 1 + 10 × 0.5) / 20
        fresh.UnitPrice.ShouldBe(1m);
    }

    [Property(MaxTest = 100)]
    public Property Accumulator_InAnyOrder_GivesTheBuilderLines_AndTheInvoiceTotalIsTheSumOfFlooredSubtotals(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var world = new RatingWorld().Price(Meter, 0.868m).Price(OtherMeter, 0.0123457m).Allow($"/subscriptions/{Sub1}", Partner, At(5));
        var records = Enumerable.Range(0, 30).Select(i => Record($"r{i}", At(1 + random.Next(28), random.Next(24)),
            Math.Round((decimal)random.NextDouble() * 100m, 6, MidpointRounding.ToEven), sub: i % 2 == 0 ? Sub1 : Sub2, resource: i % 2 == 0 ? Vm1 : Vm2,
            meter: i % 3 == 0 ? OtherMeter : Meter)).ToList();
        var rated = Rate(world.Build(), records);
        var built = InvoiceReconBuilder.Build(rated, new RatingOptions());

        var accumulator = new InvoiceReconAccumulator();
        foreach (var line in rated.OrderBy(_ => random.Next()))
        {
            accumulator.Add(ReconContribution.Of(line));
        }

        var streamed = accumulator.ToLines(e => rated.First(l => l.Usage.EntitlementId == e).Account,
            (m, d) => rated.First(l => l.MeterId == m && l.UsageDate == d).Period.Descriptor, new RatingOptions());
        var total = streamed.Sum(l => l.Total);
        var floorOfEachGroup = streamed.All(l => l.Subtotal == InvoiceReconBuilder.RoundDown2(InvoiceReconBuilder.RoundDown2(l.PricingPreTaxTotal) * l.PCToBCExchangeRate));
        return (streamed.SequenceEqual(built) && floorOfEachGroup && total == built.Sum(l => l.Subtotal + l.TaxTotal)).ToProperty();
    }
}
