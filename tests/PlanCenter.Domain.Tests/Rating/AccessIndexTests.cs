using PlanCenter.Domain.Access;
using static PlanCenter.Domain.Tests.Rating.RatingWorld;

namespace PlanCenter.Domain.Tests.Rating;

public sealed class AccessIndexTests
{
    private static readonly string Subscription = $"/subscriptions/{Sub1}";
    private static readonly string ProdGroup = $"/subscriptions/{Sub1}/resourceGroups/prod";

    private static bool Qualifies(RatingWorld world, string? resource = null, int day = 5) =>
        world.Build().Access.HasQualifyingAccess(resource ?? Vm1, Partner, Reseller, Day(day));

    [Fact]
    public void HasQualifyingAccess_OwnerOnSubscriptionAllDay_IsTrue()
    {
        Qualifies(new RatingWorld().Allow(Subscription, Partner, At(1))).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_ScopeInOtherCaseWithTrailingSlash_Covers()
    {
        Qualifies(new RatingWorld().Allow(ProdGroup.ToUpperInvariant() + "/", Partner, At(1))).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_ScopePrefixNotAtSegmentBoundary_DoesNotCover()
    {
        var resource = $"/subscriptions/{Sub1}/resourceGroups/prod2/providers/Microsoft.Compute/virtualMachines/vm9";

        Qualifies(new RatingWorld().Allow(ProdGroup, Partner, At(1)), resource).ShouldBeFalse();
    }

    [Fact]
    public void HasQualifyingAccess_ResourceScopeEqualToResource_Covers()
    {
        Qualifies(new RatingWorld().Allow(Vm1, Partner, At(1))).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_UnionOfTwoIntervalsCoversTheDay_IsTrue()
    {
        var world = new RatingWorld()
            .Allow(Subscription, Partner, At(1), At(5, 12))
            .Allow(ProdGroup, Reseller, At(5, 12), At(6), role: "Contributor");

        Qualifies(world).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_GapInTheDay_IsFalse()
    {
        var world = new RatingWorld().Allow(Subscription, Partner, At(1), At(5, 11)).Allow(Subscription, Partner, At(5, 12));

        Qualifies(world).ShouldBeFalse();
    }

    [Fact]
    public void HasQualifyingAccess_AccessStartingMidDay_NoPecThatDayButNextDay()
    {
        var world = new RatingWorld().Allow(Subscription, Partner, At(5, 6));

        Qualifies(world, day: 5).ShouldBeFalse();
        Qualifies(world, day: 6).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_AccessEndingAtMidnight_CoversThePreviousDayOnly()
    {
        var world = new RatingWorld().Allow(Subscription, Partner, At(1), At(6));

        Qualifies(world, day: 5).ShouldBeTrue();
        Qualifies(world, day: 6).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Reader")]
    [InlineData("Billing Reader")]
    [InlineData("Made Up Role")]
    public void HasQualifyingAccess_IneligibleRole_IsFalse(string role)
    {
        Qualifies(new RatingWorld().Allow(Subscription, Partner, At(1), role: role)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("Azure Event Hubs Data Receiver")]
    [InlineData("azure service bus data sender")]
    [InlineData("Storage Blob Data Owner")]
    public void IsEligible_ExpandedAndCaseInsensitiveRoles_AreEligible(string role)
    {
        PecEligibleRoles.IsEligible(role).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_OnlyAnotherPartnerHoldsAccess_IsFalse()
    {
        Qualifies(new RatingWorld().Allow(Subscription, Stranger, At(1))).ShouldBeFalse();
    }

    [Fact]
    public void HasQualifyingAccess_AssignmentWithoutPartner_IsFalse()
    {
        Qualifies(new RatingWorld().Allow(Subscription, null, At(1))).ShouldBeFalse();
    }

    [Fact]
    public void HasQualifyingAccess_ResellerOfRecordHoldsAccess_IsTrue()
    {
        Qualifies(new RatingWorld().Allow(Subscription, Reseller, At(1))).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_ResellerAccessWithoutResellerOfRecord_IsFalse()
    {
        var context = new RatingWorld { ResellerOfRecord = null }.Allow(Subscription, Reseller, At(1)).Build();

        context.Access.HasQualifyingAccess(Vm1, Partner, null, Day(5)).ShouldBeFalse();
    }

    [Fact]
    public void HasQualifyingAccess_AnotherPartnerAlsoHoldsAccess_StillTrue()
    {
        Qualifies(new RatingWorld().Allow(Subscription, Partner, At(1)).Allow(Subscription, Stranger, At(1))).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_DenyForEveryoneOverlappingTheDay_IsFalse()
    {
        var world = new RatingWorld().Allow(Subscription, Partner, At(1)).Deny(ProdGroup, null, At(5, 23), At(6, 1));

        Qualifies(world, day: 5).ShouldBeFalse();
        Qualifies(world, day: 6).ShouldBeFalse();
        Qualifies(world, day: 7).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_DenyForThePartner_IsFalse()
    {
        Qualifies(new RatingWorld().Allow(Subscription, Reseller, At(1)).Deny(Subscription, Partner, At(1))).ShouldBeFalse();
    }

    [Fact]
    public void HasQualifyingAccess_DenyForAnotherPartner_DoesNotBlock()
    {
        Qualifies(new RatingWorld().Allow(Subscription, Partner, At(1)).Deny(Subscription, Stranger, At(1))).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_DenyOnAnotherResource_DoesNotBlock()
    {
        Qualifies(new RatingWorld().Allow(Subscription, Partner, At(1)).Deny(Vm1 + "x", null, At(1))).ShouldBeTrue();
    }

    [Fact]
    public void HasQualifyingAccess_DenyEndingAtMidnight_DoesNotTouchNextDay()
    {
        Qualifies(new RatingWorld().Allow(Subscription, Partner, At(1)).Deny(Subscription, null, At(4), At(5)), day: 5).ShouldBeTrue();
    }

    [Fact]
    public void ResourceGroup_ArmId_IsSegmentAfterResourceGroups()
    {
        AccessScope.ResourceGroup(Vm1).ShouldBe("prod");
        AccessScope.ResourceGroup($"/subscriptions/{Sub1}").ShouldBeNull();
    }
}
