using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>Each Partner Center error code PlanCenter uses, provoked by the request that breaks the rule.</summary>
public sealed class ErrorCodeTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private Task<PartnerClient> SalesAsync() => factory.SignInAsync("sales@contoso-partner.example");

    private Task<PartnerClient> AdminAsync() => factory.SignInAsync("admin@contoso-partner.example");

    [Fact]
    public async Task AttestAgreement_SameContactTwice_Answers600061()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);
        await Journey.AttestAsync(client, customerId);

        var again = await client.PostAsync($"/v1/customers/{customerId}/agreements", SdkBodies.Agreement());

        again.ShouldBeFault(HttpStatusCode.Conflict, "600061");
    }

    [Fact]
    public async Task AttestAgreement_DifferentContact_IsAccepted()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);
        await Journey.AttestAsync(client, customerId);

        var other = await client.PostAsync($"/v1/customers/{customerId}/agreements", SdkBodies.Agreement(email: "grace@contoso.example"));

        other.Status.ShouldBe(HttpStatusCode.Created, other.Text);
        var list = await client.GetAsync($"/v1/customers/{customerId}/agreements?agreementType=MicrosoftCustomerAgreement");
        list.Body["totalCount"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task AttestAgreement_UnknownTemplate_Answers400NamingTemplateId()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);

        var response = await client.PostAsync($"/v1/customers/{customerId}/agreements", SdkBodies.Agreement(templateId: Guid.NewGuid().ToString()));

        response.ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain("templateId");
    }

    [Fact]
    public async Task Checkout_WithoutMca_Answers13605()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);
        var cartId = await Journey.CreateCartAsync(client, customerId);

        var checkout = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);

        checkout.ShouldBeFault(HttpStatusCode.Forbidden, "13605");
        var subscriptions = await client.GetAsync($"/v1/customers/{customerId}/subscriptions");
        subscriptions.Body["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Checkout_CustomerCountryWithoutAzurePlan_Answers800070()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client, country: "KP", city: "Pyongyang", state: null, postalCode: "00000");
        await Journey.AttestAsync(client, customerId);
        var cart = await client.PostAsync($"/v1/customers/{customerId}/carts", SdkBodies.Cart());
        cart.Body["lineItems"]![0]!["error"]!["errorCode"]!.GetValue<int>().ShouldBe(10001);

        var checkout = await client.PostAsync($"/v1/customers/{customerId}/carts/{cart.Body["id"]}/checkout", SdkBodies.Checkout);

        checkout.ShouldBeFault(HttpStatusCode.BadRequest, "800070");
    }

    [Fact]
    public async Task Checkout_CustomerOutsidePartnersMarket_Answers2030()
    {
        var fabrikam = await factory.SignInAsync("sales@fabrikam-partner.example");
        var customerId = await Journey.CreateCustomerAsync(fabrikam);
        await Journey.AttestAsync(fabrikam, customerId);
        var cartId = await Journey.CreateCartAsync(fabrikam, customerId);

        var checkout = await fabrikam.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);

        checkout.ShouldBeFault(HttpStatusCode.Forbidden, "2030");
    }

    [Fact]
    public async Task Checkout_AfterRelationshipRemoved_Answers20002()
    {
        var sales = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(sales);
        await Journey.AttestAsync(sales, customerId);
        var cartId = await Journey.CreateCartAsync(sales, customerId);
        var globalAdmin = await factory.SignInAsync("globaladmin@contoso-partner.example");
        var removed = await globalAdmin.PatchAsync($"/v1/customers/{customerId}", "{\"relationshipToPartner\":\"none\",\"attributes\":{\"objectType\":\"Customer\"}}");
        removed.Status.ShouldBe(HttpStatusCode.OK, removed.Text);
        removed.Body["relationshipToPartner"]!.GetValue<string>().ShouldBe("none");

        var checkout = await sales.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);

        checkout.ShouldBeFault(HttpStatusCode.Forbidden, "20002");
    }

    [Fact]
    public async Task RemoveRelationship_WhilePlanActive_IsRefused()
    {
        var admin = await AdminAsync();
        var (customerId, _) = await Journey.BuyAzurePlanAsync(admin);

        var removed = await admin.PatchAsync($"/v1/customers/{customerId}", "{\"relationshipToPartner\":\"none\"}");

        removed.ShouldBeFault(HttpStatusCode.BadRequest, "800096");
    }

    [Fact]
    public async Task Checkout_SecondPlanForSameCustomer_Answers800066()
    {
        var client = await SalesAsync();
        var (customerId, _) = await Journey.BuyAzurePlanAsync(client);
        var cartId = await Journey.CreateCartAsync(client, customerId);

        var checkout = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);

        checkout.ShouldBeFault(HttpStatusCode.Forbidden, "800066");
        (await client.GetAsync($"/v1/customers/{customerId}/subscriptions")).Body["totalCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Checkout_SameCartTwice_Answers800065()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);
        await Journey.AttestAsync(client, customerId);
        var cartId = await Journey.CreateCartAsync(client, customerId);
        (await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout)).Status.ShouldBe(HttpStatusCode.Created);

        var again = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);

        again.ShouldBeFault(HttpStatusCode.BadRequest, "800065");
        (await client.GetAsync($"/v1/customers/{customerId}/carts/{cartId}")).Body["status"]!.GetValue<string>().ShouldBe("Ordered");
    }

    [Fact]
    public async Task Checkout_CartWithWrongQuantity_Answers800009WithLineError()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);
        await Journey.AttestAsync(client, customerId);
        var cart = await client.PostAsync($"/v1/customers/{customerId}/carts", SdkBodies.Cart(quantity: 3));
        cart.Status.ShouldBe(HttpStatusCode.Created);
        cart.Body["lineItems"]![0]!["error"]!["errorCode"]!.GetValue<int>().ShouldBe(10010);

        var checkout = await client.PostAsync($"/v1/customers/{customerId}/carts/{cart.Body["id"]}/checkout", SdkBodies.Checkout);

        checkout.ShouldBeFault(HttpStatusCode.BadRequest, "800009");
    }

    [Fact]
    public async Task GetCart_Unknown_Answers800008()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);

        var response = await client.GetAsync($"/v1/customers/{customerId}/carts/{Guid.NewGuid()}");

        response.ShouldBeFault(HttpStatusCode.NotFound, "800008");
    }

    [Fact]
    public async Task SuspendPlan_WithActiveAzureSubscription_Answers900115()
    {
        var client = await SalesAsync();
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
        var plan = await client.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}");
        var body = plan.Text.Replace("\"status\":\"active\"", "\"status\":\"suspended\"", StringComparison.Ordinal);

        var response = await client.PatchAsync($"/v1/customers/{customerId}/subscriptions/{planId}", body);

        response.ShouldBeFault(HttpStatusCode.Forbidden, "900115");
        (await client.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}")).Body["status"]!.GetValue<string>().ShouldBe("active");
    }

    [Fact]
    public async Task SuspendPlan_AfterAzureSubscriptionsCancelled_SuspendsAndReactivates()
    {
        var admin = await AdminAsync();
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(admin);
        var azureSubscriptionId = await Journey.DefaultAzureSubscriptionAsync(admin, customerId, planId);
        var cancel = await admin.PostAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements/{azureSubscriptionId}/cancel", "{\"CancellationReason\":\"compromise\"}");
        cancel.Status.ShouldBe(HttpStatusCode.Accepted, cancel.Text);
        cancel.Body["status"]!.GetValue<string>().ShouldBe("inactive");
        var sales = await SalesAsync();

        var suspended = await sales.PatchAsync($"/v1/customers/{customerId}/subscriptions/{planId}", "{\"Status\":\"suspended\"}");
        var reactivated = await sales.PatchAsync($"/v1/customers/{customerId}/subscriptions/{planId}", "{\"Status\":\"active\"}");

        suspended.Status.ShouldBe(HttpStatusCode.OK, suspended.Text);
        suspended.Body["status"]!.GetValue<string>().ShouldBe("suspended");
        reactivated.Body["status"]!.GetValue<string>().ShouldBe("active");
    }

    [Fact]
    public async Task PatchPlan_WithStaleEtag_Answers2055()
    {
        var client = await SalesAsync();
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
        var plan = (await client.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}")).Text;
        var renamed = await client.PatchAsync($"/v1/customers/{customerId}/subscriptions/{planId}", plan.Replace("\"friendlyName\":\"Azure plan\"", "\"friendlyName\":\"Production\"", StringComparison.Ordinal));
        renamed.Status.ShouldBe(HttpStatusCode.OK, renamed.Text);
        renamed.Body["friendlyName"]!.GetValue<string>().ShouldBe("Production");

        var stale = await client.PatchAsync($"/v1/customers/{customerId}/subscriptions/{planId}", plan.Replace("\"friendlyName\":\"Azure plan\"", "\"friendlyName\":\"Staging\"", StringComparison.Ordinal));

        stale.ShouldBeFault(HttpStatusCode.BadRequest, "2055");
        (await client.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}")).Body["friendlyName"]!.GetValue<string>().ShouldBe("Production");
    }

    [Fact]
    public async Task PatchPlan_StaleIfMatchHeader_Answers2055()
    {
        var client = await SalesAsync();
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);

        var response = await client.PatchAsync($"/v1/customers/{customerId}/subscriptions/{planId}", "{\"friendlyName\":\"x\"}", new Dictionary<string, string> { ["If-Match"] = "\"7\"" });

        response.ShouldBeFault(HttpStatusCode.BadRequest, "2055");
    }

    [Fact]
    public async Task GetSubscription_Unknown_Answers20003()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);

        var response = await client.GetAsync($"/v1/customers/{customerId}/subscriptions/{Guid.NewGuid()}");

        response.ShouldBeFault(HttpStatusCode.NotFound, "20003");
    }

    [Fact]
    public async Task Entitlements_UnknownId_Answers800111()
    {
        var admin = await AdminAsync();
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(admin);

        var get = await admin.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements/{Guid.NewGuid()}");
        var cancel = await admin.PostAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements/{Guid.NewGuid()}/cancel", "{\"cancellationReason\":\"compromise\"}");

        get.ShouldBeFault(HttpStatusCode.NotFound, "800111");
        cancel.ShouldBeFault(HttpStatusCode.NotFound, "800111");
    }

    [Fact]
    public async Task CancelEntitlement_InvalidReason_Answers900307()
    {
        var admin = await AdminAsync();
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(admin);
        var id = await Journey.DefaultAzureSubscriptionAsync(admin, customerId, planId);

        var cancel = await admin.PostAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements/{id}/cancel", "{\"cancellationReason\":\"bored\"}");

        cancel.ShouldBeFault(HttpStatusCode.BadRequest, "900307");
    }

    [Fact]
    public async Task ReactivateEntitlement_ActiveOne_Answers900337_AndCancelledOneComesBack()
    {
        var admin = await AdminAsync();
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(admin);
        var id = await Journey.DefaultAzureSubscriptionAsync(admin, customerId, planId);
        var path = $"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements/{id}";

        var active = await admin.PostAsync(path + "/reactivate", null);
        await admin.PostAsync(path + "/cancel", "{\"cancellationReason\":\"compromise\"}");
        var reactivated = await admin.PostAsync(path + "/reactivate", null);

        active.ShouldBeFault(HttpStatusCode.BadRequest, "900337");
        reactivated.Status.ShouldBe(HttpStatusCode.Accepted, reactivated.Text);
        reactivated.Body["status"]!.GetValue<string>().ShouldBe("active");
    }

    [Fact]
    public async Task ReactivateEntitlement_WithoutBothRoles_Answers900335()
    {
        var admin = await AdminAsync();
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(admin);
        var id = await Journey.DefaultAzureSubscriptionAsync(admin, customerId, planId);
        var agent = await factory.SignInAsync("adminagent@contoso-partner.example");

        var response = await agent.PostAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements/{id}/reactivate", null);

        response.ShouldBeFault(HttpStatusCode.Forbidden, "900335");
    }

    [Fact]
    public async Task Products_UnknownIds_Answer400013_400018_400019()
    {
        var client = await SalesAsync();

        (await client.GetAsync("/v1/products/NOPE?country=US")).ShouldBeFault(HttpStatusCode.NotFound, "400013");
        (await client.GetAsync("/v1/products/DZH318Z0BPS6/skus/0002?country=US")).ShouldBeFault(HttpStatusCode.NotFound, "400018");
        (await client.GetAsync("/v1/products/DZH318Z0BPS6/skus/0001/availabilities/NOPE?country=US")).ShouldBeFault(HttpStatusCode.NotFound, "400019");
    }

    [Fact]
    public async Task Order_Unknown_Answers20000()
    {
        var client = await SalesAsync();
        var customerId = await Journey.CreateCustomerAsync(client);

        (await client.GetAsync($"/v1/customers/{customerId}/orders/{Guid.NewGuid()}")).ShouldBeFault(HttpStatusCode.NotFound, "20000");
    }

    [Fact]
    public async Task Customer_Unknown_Answers404()
    {
        var client = await SalesAsync();

        (await client.GetAsync($"/v1/customers/{Guid.NewGuid()}")).ShouldBeFault(HttpStatusCode.NotFound, "60003");
    }

    [Fact]
    public async Task CreateCustomer_DomainTaken_Answers409()
    {
        var client = await SalesAsync();
        var domain = SdkBodies.Unique("taken");
        await Journey.CreateCustomerAsync(client, domain);

        var again = await client.PostAsync("/v1/customers", SdkBodies.Customer(domain));

        again.ShouldBeFault(HttpStatusCode.Conflict, "3000").ShouldContain(domain);
    }

    [Fact]
    public async Task CreateCustomer_RegistrationNumberCountryWithoutIt_Answers600049()
    {
        var client = await SalesAsync();

        var response = await client.PostAsync("/v1/customers", SdkBodies.Customer(SdkBodies.Unique("ua"), country: "UA", city: "Kyiv", state: null, postalCode: "01001"));

        response.ShouldBeFault(HttpStatusCode.BadRequest, "600049");
    }

    [Fact]
    public async Task AnyRoute_WithoutToken_Answers401ApiFault()
    {
        using var http = factory.CreateClient();

        var response = await http.GetAsync("/v1/customers");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldContain("\"code\":\"800001\"");
    }

    [Fact]
    public async Task AnyRoute_WithForgedToken_Answers401()
    {
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.c2lnbmF0dXJl");

        var response = await http.GetAsync("/v1/customers");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_WrongPassword_AnswersInvalidGrant()
    {
        using var http = factory.CreateClient();
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "sales@contoso-partner.example", ["password"] = "wrong" });

        var response = await http.PostAsync("/oauth2/token", form);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("invalid_grant");
    }
}
