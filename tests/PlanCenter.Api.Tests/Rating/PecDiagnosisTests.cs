using System.Net;
using System.Text.Json.Nodes;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Rating;

/// <summary>
/// <c>GET /v1/customers/{c}/subscriptions/{plan}/pecdiagnosis</c>: the clock is 2026-01-15 09:30 UTC, when the
/// plan is bought and Contoso's AdminAgents get Owner on the new Azure subscription.
/// </summary>
public sealed class PecDiagnosisTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private const string Contoso = "c0a7050c-0000-4000-8000-000000000001";
    private const string Fabrikam = "fab12000-0000-4000-8000-000000000002";

    private static string Path(UsageWorld world, string resource, string date) =>
        $"/v1/customers/{world.CustomerId}/subscriptions/{world.PlanId}/pecdiagnosis?resourceUri={Uri.EscapeDataString(resource)}&date={date}";

    private static async Task<JsonNode> DiagnoseAsync(UsageWorld world, string resource, string date)
    {
        var response = await world.Client.GetAsync(Path(world, resource, date));
        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        return response.Body;
    }

    [Fact]
    public async Task PecDiagnosis_WholeDayUnderTheDefaultOwner_EarnsPec()
    {
        var world = await UsageWorld.CreateAsync(factory);

        var answer = await DiagnoseAsync(world, world.Resource("vm"), "2026-01-16");

        answer["earnsPartnerEarnedCredit"]!.GetValue<bool>().ShouldBeTrue();
        answer["reasons"]!.AsArray().ShouldBeEmpty();
        var owner = answer["assignments"]!.AsArray().Single()!;
        owner["roleName"]!.GetValue<string>().ShouldBe("Owner");
        owner["findings"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["CoversWholeDay"]);
    }

    [Fact]
    public async Task PecDiagnosis_DayTheOwnerStartedMidway_NamesThePartialDayAndTheUncoveredHours()
    {
        var world = await UsageWorld.CreateAsync(factory);

        var answer = await DiagnoseAsync(world, world.Resource("vm"), "2026-01-15");

        answer["earnsPartnerEarnedCredit"]!.GetValue<bool>().ShouldBeFalse();
        var owner = answer["assignments"]!.AsArray().Single()!;
        owner["findings"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["PartOfDay"]);
        owner["coveredFrom"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));
        var gap = answer["uncoveredParts"]!.AsArray().Single()!;
        gap["from"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero));
        gap["to"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));
        answer["reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ShouldContain(r => r.Contains("fall short of the whole UTC day", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PecDiagnosis_DenyForThePartnerDuringTheDay_CancelsPecAndTheUnbilledLineLosesIt()
    {
        var world = await UsageWorld.CreateAsync(factory);
        var vm = world.Resource("vm");
        await world.PostUsageAsync(("deny-1", vm, UsageWorld.TieredMeter, "2026-01-16T05:00:00Z", "20"));
        var before = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath())).Single();
        before["hasPartnerEarnedCredit"]!.GetValue<bool>().ShouldBeTrue();

        var deny = await world.Client.PutAsync($"/subscriptions/{world.AzureSubscriptionId}/resourceGroups/rg1/providers/Microsoft.Authorization/denyAssignments/{Guid.NewGuid()}",
            $$$"""{"properties":{"partnerTenantId":"{{{Contoso}}}","startDateTime":"2026-01-16T02:00:00Z","endDateTime":"2026-01-16T03:00:00Z"}}""");
        deny.Status.ShouldBe(HttpStatusCode.Created, deny.Text);
        var answer = await DiagnoseAsync(world, vm, "2026-01-16");

        answer["earnsPartnerEarnedCredit"]!.GetValue<bool>().ShouldBeFalse();
        answer["accessQualifies"]!.GetValue<bool>().ShouldBeFalse();
        answer["meterId"]!.GetValue<string>().ShouldBe(UsageWorld.TieredMeter);
        var found = answer["assignments"]!.AsArray().Single(a => a!["kind"]!.GetValue<string>() == "Deny")!;
        found["findings"]!.AsArray().Select(f => f!.GetValue<string>()).ShouldBe(["DenyCancels"]);
        answer["reasons"]![0]!.GetValue<string>().ShouldContain("cancels PEC");
        var after = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath())).Single();
        after["hasPartnerEarnedCredit"]!.GetValue<bool>().ShouldBeFalse();
        after["effectiveUnitPrice"]!.GetValue<decimal>().ShouldBe(after["unitPrice"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task PecDiagnosis_ReaderRoleAndAnotherPartnersContributor_AreNamedAsNotCounting()
    {
        var world = await UsageWorld.CreateAsync(factory);
        var scope = $"/subscriptions/{world.AzureSubscriptionId}/resourceGroups/rg9";
        (await world.Client.PutAsync($"{scope}/providers/Microsoft.Authorization/roleAssignments/{Guid.NewGuid()}",
            $$$"""{"properties":{"roleName":"Reader","principalId":"{{{Guid.NewGuid()}}}","principalType":"User","partnerTenantId":"{{{Contoso}}}"}}""")).Status.ShouldBe(HttpStatusCode.Created);
        (await world.Client.PutAsync($"{scope}/providers/Microsoft.Authorization/roleAssignments/{Guid.NewGuid()}",
            $$$"""{"properties":{"roleName":"Contributor","principalId":"{{{Guid.NewGuid()}}}","principalType":"User","partnerTenantId":"{{{Fabrikam}}}"}}""")).Status.ShouldBe(HttpStatusCode.Created);

        var answer = await DiagnoseAsync(world, world.Resource("vm", "rg9"), "2026-01-16");

        answer["earnsPartnerEarnedCredit"]!.GetValue<bool>().ShouldBeTrue();
        var findings = answer["assignments"]!.AsArray().ToDictionary(a => a!["roleName"]!.GetValue<string>(), a => a!["findings"]![0]!.GetValue<string>());
        findings.ShouldBe(new Dictionary<string, string> { ["Owner"] = "CoversWholeDay", ["Reader"] = "IneligibleRole", ["Contributor"] = "OtherPartner" }, ignoreOrder: true);
    }

    [Fact]
    public async Task PecDiagnosis_ResourceOfAnotherPlan_Is404()
    {
        var world = await UsageWorld.CreateAsync(factory);
        var other = await UsageWorld.CreateAsync(factory);

        var response = await world.Client.GetAsync(Path(world, other.Resource("vm"), "2026-01-16"));

        response.Status.ShouldBe(HttpStatusCode.NotFound, response.Text);
    }
}
