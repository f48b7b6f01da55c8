using PlanCenter.Application.Simulation;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Primitives;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>The simulator: deterministic for a seed, realistic enough that access changes cost some resources PEC on some days.</summary>
public sealed class UsageSimulatorTests
{
    private static readonly Guid Partner = Guid.Parse("c0a7050c-0000-4000-8000-000000000001");

    private static UsageSimulator Create(int seed, int subscriptions = 40, int days = 20) =>
        new([.. Enumerable.Range(0, subscriptions).Select(i => new SimSubscription(new Guid(i + 1, 0, 0, new byte[8]), Partner, Guid.Empty))],
            new DateOnly(2026, 1, 1), days, seed);

    [Fact]
    public void SameSeed_SameUsageAndAccess_OtherSeed_Different()
    {
        var (a, b, c) = (Create(7), Create(7), Create(8));

        a.Usage().Select(r => r.UsageRecordId + r.ResourceUri + r.Quantity).ShouldBe(b.Usage().Select(r => r.UsageRecordId + r.ResourceUri + r.Quantity));
        a.Access.ShouldBe(b.Access);
        c.Usage().First().UsageRecordId.ShouldNotBe(a.Usage().First().UsageRecordId);
    }

    [Fact]
    public void Usage_HasDailyAndHourlyPatterns_AndResourcesComeAndGo()
    {
        var usage = Create(3).Usage().ToList();

        var byResource = usage.GroupBy(r => r.ResourceUri).ToList();
        byResource.Count.ShouldBeGreaterThan(80);
        byResource.Select(g => g.Min(r => r.UsageStart![..10])).Distinct().Count().ShouldBeGreaterThan(1, "resources are created on different days");
        byResource.Count(g => g.Max(r => r.UsageStart![..10]) != "2026-01-20").ShouldBeGreaterThan(0, "some resources are deleted");
        usage.Select(r => r.UsageStart![11..13]).Distinct().Count().ShouldBe(24, "hourly meters report every hour");
        usage.Select(r => r.MeterId).Distinct().Count().ShouldBeGreaterThan(4);
        usage.ShouldAllBe(r => r.ResourceUri!.StartsWith("/subscriptions/" + r.EntitlementId + "/resourceGroups/", StringComparison.Ordinal));
    }

    [Fact]
    public void AccessChanges_LosePecForSomeResourceDays_AndKeepItForMost()
    {
        var simulator = Create(5);
        var index = new AccessIndex(simulator.Access.Select(a => new AccessInterval(a.Scope, PecEligibleRoles.IsEligible(a.RoleName),
            a.PartnerTenantId is { } p ? new PartnerTenantId(p) : null, a.Kind == "Deny" ? AssignmentKind.Deny : AssignmentKind.Allow, a.Start, a.End)));

        var resourceDays = simulator.Usage().Select(r => (r.ResourceUri!, UtcText.UtcDate(DateTimeOffset.Parse(r.UsageStart!, System.Globalization.CultureInfo.InvariantCulture)))).Distinct().ToList();
        var earning = resourceDays.Count(rd => index.HasQualifyingAccess(rd.Item1, new PartnerTenantId(Partner), null, rd.Item2));

        earning.ShouldBeGreaterThan(resourceDays.Count / 2, "most resource-days keep their AOBO Owner access");
        earning.ShouldBeLessThan(resourceDays.Count, "removed AOBO, partial days and deny assignments cost some days their PEC");
        simulator.Access.ShouldContain(a => a.Kind == "Deny");
        simulator.Access.ShouldContain(a => a.RoleName == "Owner" && a.End != null);
    }
}
