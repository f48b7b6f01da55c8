using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>domain.md §1.3 role by role, through the API, and the app-only / app+user rules.</summary>
public sealed class PermissionMatrixTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private const string GlobalAdmin = "globaladmin@contoso-partner.example";
    private const string AdminAgent = "adminagent@contoso-partner.example";
    private const string Sales = "sales@contoso-partner.example";
    private const string Billing = "billing@contoso-partner.example";
    private const string Helpdesk = "helpdesk@contoso-partner.example";
    private const string GlobalAdminAndAdminAgent = "admin@contoso-partner.example";

    [Theory]
    [InlineData(GlobalAdmin, true)]
    [InlineData(AdminAgent, true)]
    [InlineData(Sales, true)]
    [InlineData(Billing, false)]
    [InlineData(Helpdesk, false)]
    public async Task CreateCustomer_ByRole(string user, bool allowed)
    {
        var client = await factory.SignInAsync(user);

        var response = await client.PostAsync("/v1/customers", SdkBodies.Customer(SdkBodies.Unique("perm")));

        Expect(response, allowed, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData(GlobalAdmin, true)]
    [InlineData(AdminAgent, true)]
    [InlineData(Sales, true)]
    [InlineData(Billing, false)]
    [InlineData(Helpdesk, false)]
    public async Task AttestMca_ByRole(string user, bool allowed)
    {
        var customerId = await Journey.CreateCustomerAsync(await factory.SignInAsync(Sales));
        var client = await factory.SignInAsync(user);

        var response = await client.PostAsync($"/v1/customers/{customerId}/agreements", SdkBodies.Agreement());

        Expect(response, allowed, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData(GlobalAdmin, true)]
    [InlineData(AdminAgent, true)]
    [InlineData(Sales, true)]
    [InlineData(Billing, false)]
    [InlineData(Helpdesk, false)]
    public async Task PurchaseAzurePlan_ByRole(string user, bool allowed)
    {
        var sales = await factory.SignInAsync(Sales);
        var customerId = await Journey.CreateCustomerAsync(sales);
        await Journey.AttestAsync(sales, customerId);
        var cartId = await Journey.CreateCartAsync(sales, customerId);
        var client = await factory.SignInAsync(user);

        var createCart = await client.PostAsync($"/v1/customers/{customerId}/carts", SdkBodies.Cart());
        var checkout = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);

        Expect(createCart, allowed, HttpStatusCode.Created);
        Expect(checkout, allowed, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData(GlobalAdmin, false)]
    [InlineData(AdminAgent, true)]
    [InlineData(Sales, true)]
    [InlineData(Billing, false)]
    [InlineData(Helpdesk, false)]
    public async Task RenamePlan_ByRole(string user, bool allowed)
    {
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(await factory.SignInAsync(Sales));
        var client = await factory.SignInAsync(user);

        var response = await client.PatchAsync($"/v1/customers/{customerId}/subscriptions/{planId}", "{\"friendlyName\":\"Renamed\"}");

        Expect(response, allowed, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(GlobalAdminAndAdminAgent, true)]
    [InlineData(GlobalAdmin, false)]
    [InlineData(AdminAgent, false)]
    [InlineData(Sales, false)]
    [InlineData(Billing, false)]
    [InlineData(Helpdesk, false)]
    public async Task CancelAzureSubscription_NeedsGlobalAdminAndAdminAgent(string user, bool allowed)
    {
        var sales = await factory.SignInAsync(Sales);
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(sales);
        var id = await Journey.DefaultAzureSubscriptionAsync(sales, customerId, planId);
        var client = await factory.SignInAsync(user);

        var response = await client.PostAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements/{id}/cancel", "{\"cancellationReason\":\"compromise\"}");

        Expect(response, allowed, HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData(GlobalAdmin, false)]
    [InlineData(AdminAgent, true)]
    [InlineData(Sales, true)]
    [InlineData(Billing, false)]
    [InlineData(Helpdesk, false)]
    public async Task RequestRelationship_ByRole(string user, bool allowed)
    {
        var client = await factory.SignInAsync(user);

        var response = await client.GetAsync("/v1/customers/relationshiprequests");

        Expect(response, allowed, HttpStatusCode.OK);
        if (allowed)
        {
            response.Body["url"]!.GetValue<string>().ShouldContain(DemoWorld.ContosoPartner.ToString());
        }
    }

    [Theory]
    [InlineData(GlobalAdmin, true)]
    [InlineData(AdminAgent, true)]
    [InlineData(Sales, false)]
    [InlineData(Billing, true)]
    [InlineData(Helpdesk, false)]
    public async Task ReadInvoices_ByRole(string user, bool allowed)
    {
        var client = await factory.SignInAsync(user);

        Expect(await client.GetAsync("/v1/invoices"), allowed, HttpStatusCode.OK);
    }

    [Theory]
    [InlineData(GlobalAdmin, true)]
    [InlineData(AdminAgent, true)]
    [InlineData(Sales, false)]
    [InlineData(Billing, false)]
    [InlineData(Helpdesk, false)]
    public async Task CreateAzureSubscriptionByAlias_ByRole(string user, bool allowed)
    {
        var (customerId, _) = await Journey.BuyAzurePlanAsync(await factory.SignInAsync(Sales));
        var client = await factory.SignInAsync(user);

        var response = await client.PutAsync($"/providers/Microsoft.Subscription/aliases/perm-{Guid.NewGuid():N}?api-version=2021-10-01", AliasBody(customerId));

        Expect(response, allowed, HttpStatusCode.Created);
    }

    [Theory]
    [InlineData(GlobalAdmin)]
    [InlineData(AdminAgent)]
    [InlineData(Sales)]
    [InlineData(Billing)]
    [InlineData(Helpdesk)]
    public async Task ReadCustomersAndSubscriptions_AnyRole(string user)
    {
        var client = await factory.SignInAsync(user);

        (await client.GetAsync("/v1/customers")).Status.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/v1/products/DZH318Z0BPS6?country=US")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AppOnly_CanCreateCustomersAndBuy_ButNotAttestMca()
    {
        var app = await factory.SignInAppAsync(DemoWorld.ContosoApp, DemoWorld.ContosoAppSecret);
        var sales = await factory.SignInAsync(Sales);

        var customerId = await Journey.CreateCustomerAsync(app);
        var attest = await app.PostAsync($"/v1/customers/{customerId}/agreements", SdkBodies.Agreement());
        await Journey.AttestAsync(sales, customerId);
        var cartId = await Journey.CreateCartAsync(app, customerId);
        var checkout = await app.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);
        var relationship = await app.GetAsync("/v1/customers/relationshiprequests");

        attest.ShouldBeFault(HttpStatusCode.Forbidden, "2032");
        relationship.ShouldBeFault(HttpStatusCode.Forbidden, "2032");
        checkout.Status.ShouldBe(HttpStatusCode.Created, checkout.Text);
    }

    [Fact]
    public async Task AppOnly_CanCancelAzureSubscriptions()
    {
        var app = await factory.SignInAppAsync(DemoWorld.ContosoApp, DemoWorld.ContosoAppSecret);
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(await factory.SignInAsync(Sales));
        var id = await Journey.DefaultAzureSubscriptionAsync(app, customerId, planId);

        var response = await app.PostAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements/{id}/cancel", "{\"cancellationReason\":\"compromise\"}");

        response.Status.ShouldBe(HttpStatusCode.Accepted, response.Text);
    }

    [Fact]
    public async Task AppOnly_WrongSecret_GetsNoToken()
    {
        using var http = factory.CreateClient();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = DemoWorld.ContosoApp.ToString(),
            ["client_secret"] = "guess",
        });

        var response = await http.PostAsync("/oauth2/token", form);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("invalid_client");
    }

    public static string AliasBody(string customerId) =>
        "{\"properties\":{\"displayName\":\"Dev workloads\",\"billingScope\":\"/providers/Microsoft.Billing/billingAccounts/partner-account/customers/" + customerId + "\",\"workload\":\"DevTest\"}}";

    private static void Expect(ApiResponse response, bool allowed, HttpStatusCode success)
    {
        if (allowed)
        {
            response.Status.ShouldBe(success, response.Text);
        }
        else
        {
            response.Status.ShouldBe(HttpStatusCode.Forbidden, response.Text);
            response.Body["code"]!.GetValue<string>().ShouldBeOneOf("900150", "2032");
        }
    }
}
