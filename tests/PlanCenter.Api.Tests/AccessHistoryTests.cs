using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>The ARM role and deny assignment history: append-only, asked at past instants, inherited by scope.</summary>
public sealed class AccessHistoryTests : IDisposable
{
    private readonly PlanCenterFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<(PartnerClient Client, string Subscription)> AzureSubscriptionAsync()
    {
        var client = await _factory.SignInAsync("admin@contoso-partner.example");
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
        return (client, await Journey.DefaultAzureSubscriptionAsync(client, customerId, planId));
    }

    private static string Assignments(string scope, string? name = null) =>
        $"{scope}/providers/Microsoft.Authorization/roleAssignments" + (name is null ? "" : "/" + name);

    private static string Body(string role, string principalType = "User", string? partner = null, string? start = null, string? end = null) =>
        "{\"properties\":{\"roleName\":\"" + role + "\",\"principalId\":\"" + Guid.NewGuid() + "\",\"principalType\":\"" + principalType + "\""
        + (partner is null ? "" : ",\"partnerTenantId\":\"" + partner + "\"")
        + (start is null ? "" : ",\"startDateTime\":\"" + start + "\"")
        + (end is null ? "" : ",\"endDateTime\":\"" + end + "\"") + "}}";

    private static async Task<List<string>> RolesAtAsync(PartnerClient client, string scope, string at, string collection = "roleAssignments")
    {
        var response = await client.GetAsync($"{scope}/providers/Microsoft.Authorization/{collection}?atTime={Uri.EscapeDataString(at)}");
        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        return [.. response.Body["value"]!.AsArray().Select(a => a!["name"]!.GetValue<string>())];
    }

    [Fact]
    public async Task NewAzureSubscription_HasTheAdminAgentsOwnerAssignment()
    {
        var (client, subscription) = await AzureSubscriptionAsync();

        var list = await client.GetAsync(Assignments($"/subscriptions/{subscription}"));

        list.Status.ShouldBe(HttpStatusCode.OK, list.Text);
        var owner = list.Body["value"]!.AsArray().ShouldHaveSingleItem()!["properties"]!;
        owner["roleName"]!.GetValue<string>().ShouldBe("Owner");
        owner["principalType"]!.GetValue<string>().ShouldBe("ForeignGroup");
        owner["partnerTenantId"]!.GetValue<string>().ShouldBe(DemoWorld.ContosoPartner.ToString());
        owner["roleDefinitionId"]!.GetValue<string>().ShouldEndWith("/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    }

    [Fact]
    public async Task TimeBoundAssignment_IsSeenOnlyDuringItsWindow_AtTheResourceBelowIt()
    {
        var (client, subscription) = await AzureSubscriptionAsync();
        var group = $"/subscriptions/{subscription}/resourceGroups/rg-prod";
        var resource = Metering.Resource(subscription);
        var name = Guid.NewGuid().ToString();

        var put = await client.PutAsync(Assignments(group, name), Body("Contributor", partner: DemoWorld.ContosoPartner.ToString(), start: "2026-01-20T08:00:00Z", end: "2026-01-22T08:00:00Z"));

        put.Status.ShouldBe(HttpStatusCode.Created, put.Text);
        (await RolesAtAsync(client, resource, "2026-01-20T07:59:59Z")).ShouldNotContain(name, "before the PIM start");
        (await RolesAtAsync(client, resource, "2026-01-21T00:00:00Z")).ShouldContain(name, "inside the window, inherited from the resource group");
        (await RolesAtAsync(client, resource, "2026-01-22T08:00:00Z")).ShouldNotContain(name, "the end is exclusive");
        (await RolesAtAsync(client, $"/subscriptions/{subscription}/resourceGroups/rg-prod2", "2026-01-21T00:00:00Z")).ShouldNotContain(name, "rg-prod does not cover rg-prod2");
    }

    [Fact]
    public async Task Delete_EndsTheAssignmentNow_AndThePastStillShowsIt()
    {
        var (client, subscription) = await AzureSubscriptionAsync();
        var scope = $"/subscriptions/{subscription}";
        var name = Guid.NewGuid().ToString();
        (await client.PutAsync(Assignments(scope, name), Body("Owner", "ServicePrincipal", DemoWorld.ContosoPartner.ToString()))).Status.ShouldBe(HttpStatusCode.Created);
        var created = _factory.Time.GetUtcNow();
        _factory.Time.Advance(TimeSpan.FromMinutes(20));

        var deleted = await client.SendAsync(HttpMethod.Delete, Assignments(scope, name), null, null);
        _factory.Time.Advance(TimeSpan.FromMinutes(10));

        deleted.Status.ShouldBe(HttpStatusCode.OK, deleted.Text);
        deleted.Body["properties"]!["endDateTime"]!.GetValue<DateTimeOffset>().ShouldBe(created.AddMinutes(20));
        (await RolesAtAsync(client, scope, created.AddMinutes(19).ToString("O"))).ShouldContain(name);
        (await RolesAtAsync(client, scope, created.AddMinutes(20).ToString("O"))).ShouldNotContain(name);
        var again = await client.PutAsync(Assignments(scope, name), Body("Owner", "ServicePrincipal", DemoWorld.ContosoPartner.ToString()));
        again.Status.ShouldBe(HttpStatusCode.Conflict, "an ended assignment is history; re-adding takes a new name");
    }

    [Fact]
    public async Task DenyAssignment_IsListedDuringItsHours()
    {
        var (client, subscription) = await AzureSubscriptionAsync();
        var group = $"/subscriptions/{subscription}/resourceGroups/rg-data";
        var name = Guid.NewGuid().ToString();
        var body = "{\"properties\":{\"denyAssignmentName\":\"block partner\",\"partnerTenantId\":\"" + DemoWorld.ContosoPartner + "\",\"startDateTime\":\"2026-01-16T10:00:00Z\",\"endDateTime\":\"2026-01-16T13:00:00Z\"}}";

        var put = await client.PutAsync($"{group}/providers/Microsoft.Authorization/denyAssignments/{name}", body);

        put.Status.ShouldBe(HttpStatusCode.Created, put.Text);
        var resource = Metering.Resource(subscription, "db", "rg-data");
        (await RolesAtAsync(client, resource, "2026-01-16T11:00:00Z", "denyAssignments")).ShouldBe([name]);
        (await RolesAtAsync(client, resource, "2026-01-16T13:00:00Z", "denyAssignments")).ShouldBeEmpty();
        (await RolesAtAsync(client, resource, "2026-01-16T11:00:00Z")).ShouldNotContain(name, "deny assignments are not role assignments");
    }

    [Fact]
    public async Task OtherPartnersSubscription_Answers404_ForReadsAndWrites()
    {
        var (_, subscription) = await AzureSubscriptionAsync();
        var fabrikam = await _factory.SignInAsync("admin@fabrikam-partner.example");

        var put = await fabrikam.PutAsync(Assignments($"/subscriptions/{subscription}", Guid.NewGuid().ToString()), Body("Owner"));
        var list = await fabrikam.GetAsync(Assignments($"/subscriptions/{subscription}"));

        put.ShouldBeFault(HttpStatusCode.NotFound, "800111");
        list.ShouldBeFault(HttpStatusCode.NotFound, "800111");
    }

    [Fact]
    public async Task Put_UnknownPrincipalTypeOrBadScope_Answers400()
    {
        var (client, subscription) = await AzureSubscriptionAsync();

        var badType = await client.PutAsync(Assignments($"/subscriptions/{subscription}", Guid.NewGuid().ToString()), Body("Owner", "Robot"));
        var badScope = await client.PutAsync(Assignments($"/subscriptions/{subscription}/resourceGroups/rg/notproviders/x", Guid.NewGuid().ToString()), Body("Owner"));

        badType.ShouldBeFault(HttpStatusCode.BadRequest, "3000");
        badScope.ShouldBeFault(HttpStatusCode.BadRequest, "3000");
    }

    [Fact]
    public async Task Put_SameAssignmentTwice_IsIdempotent()
    {
        var (client, subscription) = await AzureSubscriptionAsync();
        var path = Assignments($"/subscriptions/{subscription}", Guid.NewGuid().ToString());
        var body = "{\"properties\":{\"roleDefinitionId\":\"/subscriptions/" + subscription + "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c\",\"principalId\":\"" + Guid.NewGuid() + "\",\"principalType\":\"User\"}}";

        var first = await client.PutAsync(path, body);
        var second = await client.PutAsync(path, body);

        first.Status.ShouldBe(HttpStatusCode.Created, first.Text);
        second.Status.ShouldBe(HttpStatusCode.OK, second.Text);
        second.Body["properties"]!["roleName"]!.GetValue<string>().ShouldBe("Contributor");
    }
}
