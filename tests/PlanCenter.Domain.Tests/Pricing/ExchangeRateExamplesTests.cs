using PlanCenter.Domain.Pricing;

namespace PlanCenter.Domain.Tests.Pricing;

/// <summary>PCToBCExchangeRate = Round(1 / USDPerUnit, 10), banker's rounding (billing-rules §1.2).</summary>
public sealed class ExchangeRateExamplesTests
{
    [Theory]
    [InlineData("1.08", "0.9259259259")]     // EUR: 0.925925925925...
    [InlineData("1.265", "0.7905138340")]    // GBP: 0.790513833992...
    [InlineData("0.0067", "149.2537313433")] // JPY: 149.253731343283...
    [InlineData("3.25", "0.3076923077")]     // KWD: 0.307692307692...
    [InlineData("2048", "0.0004882812")]     // 0.00048828125 exactly: the midpoint goes to the even digit 2, not up to 3
    [InlineData("1", "1")]
    public void PricingToBillingRate_Examples(string usdPerUnit, string expected) =>
        ExchangeRateTable.PricingToBillingRate(decimal.Parse(usdPerUnit, System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void TryGetRate_HoldsForEveryDayOfItsMonth_AndUsdIsExactlyOne()
    {
        var table = ExchangeRateTable.Build([("EUR", 1.08m, new DateOnly(2026, 1, 1), 2)], "fx.csv");

        table.TryGetRate("eur", new DateOnly(2026, 1, 31), out var rate).ShouldBeTrue();
        rate.ShouldBe(0.9259259259m);
        table.TryGetRate("EUR", new DateOnly(2026, 2, 1), out _).ShouldBeFalse();
        table.TryGetRate("USD", new DateOnly(2026, 2, 1), out var usd).ShouldBeTrue();
        usd.ShouldBe(1m);
    }

    [Fact]
    public void UsageInEuro_ConvertsTheUsdChargeWithTheMonthsRate()
    {
        // 101 units of a meter tiered 0 @ 1.00, 100 @ 0.80 cost 100.80 USD; in EUR at USDPerUnit 1.08:
        var usd = (100m * 1.00m) + (1m * 0.80m);
        var eur = usd * ExchangeRateTable.PricingToBillingRate(1.08m);

        usd.ShouldBe(100.80m);
        Math.Round(eur, 2, MidpointRounding.ToEven).ShouldBe(93.33m);
    }

    [Theory]
    [InlineData("EUR", true)]
    [InlineData("gbp", true)]
    [InlineData("XXX", false)]
    [InlineData("EURO", false)]
    public void IsoCurrencies_KnowsActiveCodes(string code, bool known) => IsoCurrencies.IsKnown(code).ShouldBe(known);
}
