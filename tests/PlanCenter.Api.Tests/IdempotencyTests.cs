using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>POST, PUT and PATCH replay their first response on a repeated MS-RequestId (api.md §2.9).</summary>
public sealed class IdempotencyTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    [Fact]
    public async Task CreateCustomer_SameRequestIdTwice_CreatesOnceAndReplaysTheResponse()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var requestId = Guid.NewGuid().ToString();
        var body = SdkBodies.Customer(SdkBodies.Unique("idem"));

        var first = await client.PostAsync("/v1/customers", body, requestId);
        var second = await client.PostAsync("/v1/customers", body, requestId);

        first.Status.ShouldBe(HttpStatusCode.Created);
        second.Status.ShouldBe(HttpStatusCode.Created);
        second.Text.ShouldBe(first.Text);
        second.Headers.GetValues("MS-RequestId").ShouldBe([requestId]);
    }

    [Fact]
    public async Task Checkout_ConcurrentRetriesWithOneRequestId_PlaceOneOrder()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(client);
        await Journey.AttestAsync(client, customerId);
        var cartId = await Journey.CreateCartAsync(client, customerId);
        var requestId = Guid.NewGuid().ToString();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout, requestId)));

        attempts.ShouldAllBe(a => a.Status == HttpStatusCode.Created);
        attempts.Select(a => a.Text).Distinct().Count().ShouldBe(1);
        var orders = await client.GetAsync($"/v1/customers/{customerId}/orders");
        orders.Body["totalCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Checkout_ConcurrentWithDifferentRequestIds_PlacesOneOrderAndRefusesTheRest()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(client);
        await Journey.AttestAsync(client, customerId);
        var cartId = await Journey.CreateCartAsync(client, customerId);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout)));

        attempts.Count(a => a.Status == HttpStatusCode.Created).ShouldBe(1);
        attempts.Where(a => a.Status != HttpStatusCode.Created)
            .ShouldAllBe(a => a.Body["code"]!.GetValue<string>() == "800065" || a.Body["code"]!.GetValue<string>() == "800064");
        (await client.GetAsync($"/v1/customers/{customerId}/subscriptions")).Body["totalCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task FailedRequest_IsNotStored_SoACorrectedRetryWithTheSameIdSucceeds()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(client);
        var cartId = await Journey.CreateCartAsync(client, customerId);
        var requestId = Guid.NewGuid().ToString();

        var withoutMca = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout, requestId);
        await Journey.AttestAsync(client, customerId);
        var retried = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout, requestId);

        withoutMca.ShouldBeFault(HttpStatusCode.Forbidden, "13605");
        retried.Status.ShouldBe(HttpStatusCode.Created, retried.Text);
    }

    [Fact]
    public async Task SameRequestId_FromAnotherPartner_IsNotReplayed()
    {
        var contoso = await factory.SignInAsync("sales@contoso-partner.example");
        var fabrikam = await factory.SignInAsync("sales@fabrikam-partner.example");
        var requestId = Guid.NewGuid().ToString();

        var first = await contoso.PostAsync("/v1/customers", SdkBodies.Customer(SdkBodies.Unique("one")), requestId);
        var second = await fabrikam.PostAsync("/v1/customers", SdkBodies.Customer(SdkBodies.Unique("two")), requestId);

        second.Status.ShouldBe(HttpStatusCode.Created);
        second.Body["id"]!.GetValue<string>().ShouldNotBe(first.Body["id"]!.GetValue<string>());
    }
}
