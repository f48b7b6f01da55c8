using System.Net;
using System.Text.Json.Nodes;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>OpenAPI, the API reference page, the sandbox clock and Azure subscription aliases.</summary>
public sealed class PlatformTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    [Fact]
    public async Task OpenApiDocument_DescribesThePartnerCenterRoutes()
    {
        using var http = factory.CreateClient();

        var response = await http.GetAsync("/openapi/v1.json");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsObject();
        paths.Select(p => p.Key).ShouldContain("/v1/customers");
        paths.Select(p => p.Key).ShouldContain("/v1/customers/{customerId}/carts/{cartId}/checkout");
        paths.Select(p => p.Key).ShouldContain("/providers/Microsoft.Subscription/aliases/{alias}");
    }

    [Fact]
    public async Task ApiReferencePage_IsServed()
    {
        using var http = factory.CreateClient();

        var response = await http.GetAsync("/docs");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("<html", Case.Insensitive);
    }

    [Fact]
    public async Task SandboxClock_AdvancesForwardOnly_AndNewResourcesUseIt()
    {
        var admin = await factory.SignInAsync("admin@contoso-partner.example");
        var before = (await admin.GetAsync("/sandbox/clock")).Body["now"]!.GetValue<DateTimeOffset>();

        var advanced = await admin.PostAsync("/sandbox/clock", "{\"advance\":\"P2D\"}");
        var backwards = await admin.PostAsync("/sandbox/clock", "{\"now\":\"2020-01-01T00:00:00Z\"}");
        var customer = await admin.PostAsync("/v1/customers", SdkBodies.Customer(SdkBodies.Unique("clock")));
        var cart = await admin.PostAsync($"/v1/customers/{customer.Body["id"]}/carts", SdkBodies.Cart());

        advanced.Body["now"]!.GetValue<DateTimeOffset>().ShouldBe(before.AddDays(2));
        backwards.ShouldBeFault(HttpStatusCode.BadRequest, "3000");
        cart.Body["creationTimestamp"]!.GetValue<DateTimeOffset>().ShouldBe(before.AddDays(2));
    }

    [Fact]
    public async Task SandboxClock_OnlyGlobalAdmins()
    {
        var sales = await factory.SignInAsync("sales@contoso-partner.example");

        (await sales.PostAsync("/sandbox/clock", "{\"advance\":\"P1D\"}")).Status.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Alias_CreatesAzureSubscriptionUnderThePlan_AndRepeatReturnsIt()
    {
        var admin = await factory.SignInAsync("admin@contoso-partner.example");
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(admin);
        var alias = $"dev-{Guid.NewGuid():N}";

        var created = await admin.PutAsync($"/providers/Microsoft.Subscription/aliases/{alias}?api-version=2021-10-01", PermissionMatrixTests.AliasBody(customerId));
        var repeated = await admin.PutAsync($"/providers/Microsoft.Subscription/aliases/{alias}?api-version=2021-10-01", PermissionMatrixTests.AliasBody(customerId));
        var entitlements = await admin.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements");

        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        created.Body["properties"]!["provisioningState"]!.GetValue<string>().ShouldBe("Succeeded");
        repeated.Status.ShouldBe(HttpStatusCode.OK);
        var subscriptionId = created.Body["properties"]!["subscriptionId"]!.GetValue<string>();
        repeated.Body["properties"]!["subscriptionId"]!.GetValue<string>().ShouldBe(subscriptionId);
        entitlements.Body["items"]!.AsArray().Select(e => e!["id"]!.GetValue<string>()).ShouldContain(subscriptionId);
        entitlements.Body["totalCount"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Alias_BadBillingScope_Answers400NamingIt()
    {
        var admin = await factory.SignInAsync("admin@contoso-partner.example");

        var response = await admin.PutAsync($"/providers/Microsoft.Subscription/aliases/a{Guid.NewGuid():N}", "{\"properties\":{\"displayName\":\"x\",\"billingScope\":\"/nonsense\"}}");

        response.ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain("billingScope");
    }

    [Fact]
    public async Task Alias_CustomerWithoutPlan_IsRefused()
    {
        var admin = await factory.SignInAsync("admin@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(admin);

        var response = await admin.PutAsync($"/providers/Microsoft.Subscription/aliases/a{Guid.NewGuid():N}", PermissionMatrixTests.AliasBody(customerId));

        response.ShouldBeFault(HttpStatusCode.BadRequest, "900318");
    }
}
