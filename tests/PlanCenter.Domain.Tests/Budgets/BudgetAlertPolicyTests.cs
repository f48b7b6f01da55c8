using System.Globalization;
using PlanCenter.Domain.Billing.Budgets;

namespace PlanCenter.Domain.Tests.Budgets;

public sealed class BudgetAlertPolicyTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IsAlertDue_SpendReachesExactly80Percent_IsDue() =>
        BudgetAlertPolicy.IsAlertDue(100m, 80m, [], Day0).ShouldBeTrue();

    [Fact]
    public void IsAlertDue_SpendJustUnder80Percent_IsNotDue() =>
        BudgetAlertPolicy.IsAlertDue(100m, 79.99m, [], Day0).ShouldBeFalse();

    [Fact]
    public void IsAlertDue_SpendExactly100Percent_IsDue() =>
        BudgetAlertPolicy.IsAlertDue(100m, 100m, [], Day0).ShouldBeTrue();

    [Fact]
    public void IsAlertDue_SevenDaysAfterThePreviousAlertStillInTheBand_IsDue() =>
        BudgetAlertPolicy.IsAlertDue(100m, 90m, [Day0], Day0.AddDays(7)).ShouldBeTrue();

    [Fact]
    public void IsAlertDue_LessThanSevenDaysAfterThePreviousAlert_IsNotDue()
    {
        BudgetAlertPolicy.IsAlertDue(100m, 90m, [Day0], Day0).ShouldBeFalse();
        BudgetAlertPolicy.IsAlertDue(100m, 90m, [Day0], Day0.AddDays(6)).ShouldBeFalse();
        BudgetAlertPolicy.IsAlertDue(100m, 90m, [Day0], Day0.AddDays(7).AddTicks(-1)).ShouldBeFalse();
    }

    [Fact]
    public void IsAlertDue_TheLatestOfSeveralPreviousAlertsCounts() =>
        BudgetAlertPolicy.IsAlertDue(100m, 90m, [Day0.AddDays(-7), Day0], Day0.AddDays(3)).ShouldBeFalse();

    [Fact]
    public void IsAlertDue_SpendAbove100Percent_IsNeverDue()
    {
        BudgetAlertPolicy.IsAlertDue(100m, 100.01m, [], Day0).ShouldBeFalse();
        BudgetAlertPolicy.IsAlertDue(100m, 150m, [Day0.AddDays(-8)], Day0).ShouldBeFalse();
    }

    [Fact]
    public void IsAlertDue_SpendBackUnder80Percent_IsNotDue() =>
        BudgetAlertPolicy.IsAlertDue(100m, 50m, [Day0.AddDays(-8)], Day0).ShouldBeFalse();

    [Fact]
    public void IsAlertDue_NewMonth_StartsFreshWhateverTheLastMonthsAlerts()
    {
        var lastOfMarch = new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero);
        var firstOfApril = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

        BudgetAlertPolicy.IsAlertDue(100m, 85m, [lastOfMarch], firstOfApril).ShouldBeTrue();
    }

    [Fact]
    public void IsAlertDue_MonthsAreUtcMonths()
    {
        // 1 April 01:00 in UTC+02:00 is still 31 March in UTC: the March alert 2 hours earlier counts.
        var previous = new DateTimeOffset(2026, 3, 31, 21, 0, 0, TimeSpan.Zero);
        var now = new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.FromHours(2));

        BudgetAlertPolicy.IsAlertDue(100m, 85m, [previous], now).ShouldBeFalse();
    }

    [Fact]
    public void IsAlertDue_NoBudget_IsNeverDue() =>
        BudgetAlertPolicy.IsAlertDue(null, 1_000m, [], Day0).ShouldBeFalse();

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void IsAlertDue_ZeroBudget_IsNeverDue(int spend) =>
        BudgetAlertPolicy.IsAlertDue(0m, spend, [], Day0).ShouldBeFalse();

    [Theory]
    [InlineData(null, "10", BudgetStanding.NoBudget)]
    [InlineData("100", "79.99", BudgetStanding.Under)]
    [InlineData("100", "80", BudgetStanding.TrendingOver)]
    [InlineData("100", "100", BudgetStanding.TrendingOver)]
    [InlineData("100", "100.01", BudgetStanding.OverBudget)]
    [InlineData("0", "0", BudgetStanding.Under)]
    [InlineData("0", "0.01", BudgetStanding.OverBudget)]
    public void StandingOf_ClassifiesSpendAgainstTheBudget(string? budget, string spend, BudgetStanding expected) =>
        BudgetAlertPolicy.StandingOf(budget is null ? null : decimal.Parse(budget, CultureInfo.InvariantCulture), decimal.Parse(spend, CultureInfo.InvariantCulture))
            .ShouldBe(expected);

    [Fact]
    public void PercentUsed_RoundsToTwoDecimalsAwayFromZero()
    {
        BudgetAlertPolicy.PercentUsed(300m, 200m).ShouldBe(66.67m);
        BudgetAlertPolicy.PercentUsed(8m, 7.0004m).ShouldBe(87.51m);
        BudgetAlertPolicy.PercentUsed(0m, 5m).ShouldBeNull();
        BudgetAlertPolicy.PercentUsed(null, 5m).ShouldBeNull();
    }
}
