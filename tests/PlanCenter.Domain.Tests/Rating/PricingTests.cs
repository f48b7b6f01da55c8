using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using static PlanCenter.Domain.Tests.Rating.RatingWorld;

namespace PlanCenter.Domain.Tests.Rating;

public sealed class PricingTests
{
    [Theory]
    [InlineData("1.1818181818181818", "0.8461538462")]
    [InlineData("0.0066666", "150.0015000150")]
    [InlineData("1", "1")]
    public void PricingToBillingRate_UsdPerUnit_IsReciprocalRoundedTo10Places(string usdPerUnit, string expected)
    {
        ExchangeRateTable.PricingToBillingRate(decimal.Parse(usdPerUnit, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void PricingToBillingRate_MidpointAt11thPlace_RoundsToEven()
    {
        // 1 / 4000000000 = 0.00000000025 exactly: a midpoint at the 11th place, which ToEven rounds down.
        ExchangeRateTable.PricingToBillingRate(4000000000m).ShouldBe(0.0000000002m);
    }

    [Fact]
    public void TryGetRate_Usd_IsExactlyOneWithoutARow()
    {
        ExchangeRateTable.Empty.TryGetRate("usd", Day(1), out var rate).ShouldBeTrue();
        rate.ShouldBe(1m);
    }

    [Fact]
    public void Build_SecondRateForCurrencyAndMonth_IsFileError()
    {
        var ex = Should.Throw<InputFileException>(() => ExchangeRateTable.Build(
            [("EUR", 1.1m, Day(1), 2), ("eur", 1.2m, Day(1), 3)], "fx.csv"));

        ex.LineNumber.ShouldBe(3);
    }

    [Fact]
    public void Build_NonPositiveRate_IsFileError()
    {
        Should.Throw<InputFileException>(() => ExchangeRateTable.Build([("EUR", 0m, Day(1), 2)], "fx.csv")).Column.ShouldBe("USDPerUnit");
    }

    [Fact]
    public void Build_EqualTierMinimumsInOverlappingDates_IsFileError()
    {
        var world = new RatingWorld().Price(Meter, 1m, first: Day(1)).Price(Meter, 2m, first: Day(10), last: Day(20));

        var ex = Should.Throw<InputFileException>(() => world.Build());

        ex.File.ShouldBe("prices.csv");
        ex.LineNumber.ShouldBe(3);
    }

    [Fact]
    public void Build_AdjacentPeriods_AreAccepted()
    {
        var sheet = new RatingWorld().Price(Meter, 1m, first: Day(1), last: Day(9)).Price(Meter, 2m, first: Day(10)).Build().Prices;

        sheet.Get(Meter, Day(9)).Tiers[0].UnitPrice.ShouldBe(1m);
        sheet.Get(Meter, Day(10)).Tiers[0].UnitPrice.ShouldBe(2m);
    }

    [Fact]
    public void Find_ReservationRowsOnly_IsUnknownMeter()
    {
        var sheet = new RatingWorld().Price(Meter, 1m, tags: "Azure;Reservation").Build().Prices;

        sheet.Find(Meter, Day(1), out _).ShouldBe(PriceLookup.UnknownMeter);
    }

    [Theory]
    [InlineData(1.50, "1.5")]
    [InlineData(0, "0")]
    [InlineData(-2.000, "-2")]
    [InlineData(0.0000000001, "0.0000000001")]
    public void Format_Decimal_InvariantWithoutTrailingZeros(decimal value, string expected)
    {
        DecimalText.Format(value).ShouldBe(expected);
    }

    [Fact]
    public void Format_LargeValue_HasNoExponent()
    {
        DecimalText.Format(12345678901234567890.123m).ShouldBe("12345678901234567890.123");
    }
}
