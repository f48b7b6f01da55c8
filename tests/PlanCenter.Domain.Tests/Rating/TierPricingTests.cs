using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;

namespace PlanCenter.Domain.Tests.Rating;

public sealed class TierPricingTests
{
    private static readonly PriceTier[] MicrosoftTiers = [new(0m, 1.00m), new(100m, 0.80m), new(100000m, 0.50m)];

    [Fact]
    public void DayCost_MicrosoftExample101Units_Costs100Point80()
    {
        TierPricing.DayCost(MicrosoftTiers, 0m, 101m).ShouldBe(100.80m);
    }

    [Fact]
    public void DayCost_RangeStartingInsideSecondTier_UsesOnlyUpperTiers()
    {
        TierPricing.DayCost(MicrosoftTiers, 99_999m, 2m).ShouldBe(0.80m + 0.50m);
    }

    [Fact]
    public void DayUnitPrice_MicrosoftTiersInOneDay_IsBlendedAndRoundedTo10Places()
    {
        var world = new RatingWorld().Price(RatingWorld.Meter, 1.00m).Price(RatingWorld.Meter, 0.80m, 100m).Price(RatingWorld.Meter, 0.50m, 100000m);
        var period = world.Build().Prices.Get(RatingWorld.Meter, RatingWorld.Day(1));

        var u = TierPricing.DayUnitPrice(period, 0m, 101m);

        u.ShouldBe(Math.Round(100.80m / 101m, 10, MidpointRounding.ToEven));
        u.ShouldBe(0.9980198020m);
    }

    [Fact]
    public void DayUnitPrice_ZeroQuantity_IsLowestTierPrice()
    {
        var world = new RatingWorld().Price(RatingWorld.Meter, 1.00m).Price(RatingWorld.Meter, 0.80m, 100m);
        var period = world.Build().Prices.Get(RatingWorld.Meter, RatingWorld.Day(1));

        TierPricing.DayUnitPrice(period, 500m, 0m).ShouldBe(1.00m);
    }

    [Fact]
    public void Build_LowestTierMinimumNotZero_IsReadAsZero()
    {
        var world = new RatingWorld().Price(RatingWorld.Meter, 1.00m, tierMinimum: 1m).Price(RatingWorld.Meter, 0.80m, 100m);

        var period = world.Build().Prices.Get(RatingWorld.Meter, RatingWorld.Day(1));

        period.Tiers[0].Minimum.ShouldBe(0m);
        TierPricing.DayCost(period.Tiers, 0m, 101m).ShouldBe(100.80m);
    }
}
