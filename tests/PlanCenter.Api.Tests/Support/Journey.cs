using System.Net;
using Shouldly;

namespace PlanCenter.Api.Tests.Support;

/// <summary>Shortcuts that walk a customer through the purchase, asserting each step succeeded.</summary>
public static class Journey
{
    public static async Task<string> CreateCustomerAsync(PartnerClient client, string? domain = null, string country = "US", string city = "Redmond", string? state = "WA", string postalCode = "98052")
    {
        var response = await client.PostAsync("/v1/customers", SdkBodies.Customer(domain ?? SdkBodies.Unique("cust"), country, city, state, postalCode));
        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
        return response.Body["id"]!.GetValue<string>();
    }

    public static async Task AttestAsync(PartnerClient client, string customerId, string email = "ada@contoso.example")
    {
        var response = await client.PostAsync($"/v1/customers/{customerId}/agreements", SdkBodies.Agreement(email: email));
        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
    }

    public static async Task<string> CreateCartAsync(PartnerClient client, string customerId, string catalogItemId = "DZH318Z0BPS6:0001:DZH318Z0BML6")
    {
        var response = await client.PostAsync($"/v1/customers/{customerId}/carts", SdkBodies.Cart(catalogItemId));
        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
        return response.Body["id"]!.GetValue<string>();
    }

    /// <summary>Customer, MCA, cart and checkout; returns the customer id and the plan id.</summary>
    public static async Task<(string CustomerId, string PlanId)> BuyAzurePlanAsync(PartnerClient client)
    {
        var customerId = await CreateCustomerAsync(client);
        await AttestAsync(client, customerId);
        var cartId = await CreateCartAsync(client, customerId);
        var checkout = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);
        checkout.Status.ShouldBe(HttpStatusCode.Created, checkout.Text);
        return (customerId, checkout.Body["orders"]![0]!["lineItems"]![0]!["subscriptionId"]!.GetValue<string>());
    }

    public static async Task<string> DefaultAzureSubscriptionAsync(PartnerClient client, string customerId, string planId)
    {
        var response = await client.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements");
        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        return response.Body["items"]![0]!["id"]!.GetValue<string>();
    }
}
