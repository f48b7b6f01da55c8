using Microsoft.Extensions.DependencyInjection;
using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>
/// The official SDK's Azure plan journey (sdk-wire.md steps 1–12), with the SDK's exact bodies, headers
/// and query spellings, through the whole HTTP pipeline.
/// </summary>
public sealed class SdkJourneyTests : IClassFixture<PlanCenterFactory>
{
    private readonly PlanCenterFactory _factory;

    public SdkJourneyTests(PlanCenterFactory factory) => _factory = factory;

    [Fact]
    public async Task Journey_AsTheSdkSendsIt_BuysAnAzurePlanWithADefaultAzureSubscription()
    {
        var client = await _factory.SignInAsync("sales@contoso-partner.example");
        var domain = SdkBodies.Unique("contosoexample");

        var created = await client.PostAsync("/v1/customers", SdkBodies.Customer(domain), requestId: "a8826190-687d-4bfe-b374-2141ddd0628c");
        created.Status.ShouldBe(HttpStatusCode.Created, created.Text);
        created.Headers.GetValues("MS-RequestId").ShouldBe(["a8826190-687d-4bfe-b374-2141ddd0628c"]);
        created.Headers.GetValues("MS-CorrelationId").ShouldBe([client.CorrelationId.ToString()]);
        var customer = created.Body;
        var customerId = customer["id"]!.GetValue<string>();
        Guid.TryParse(customerId, out _).ShouldBeTrue();
        customer["companyProfile"]!["domain"]!.GetValue<string>().ShouldBe(domain);
        customer["billingProfile"]!["companyName"]!.GetValue<string>().ShouldBe("Contoso Example");
        customer["billingProfile"]!["defaultAddress"]!["country"]!.GetValue<string>().ShouldBe("US");
        customer["relationshipToPartner"]!.GetValue<string>().ShouldBe("reseller");
        customer["userCredentials"]!["userName"]!.GetValue<string>().ShouldBe($"admin@{domain}");
        customer["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("Customer");
        customer["links"]!["self"]!["uri"]!.GetValue<string>().ShouldBe($"/customers/{customerId}");

        var metadata = await client.GetAsync("/v1/agreements?agreementType=MicrosoftCustomerAgreement");
        metadata.Status.ShouldBe(HttpStatusCode.OK);
        metadata.Body["items"]!.AsArray().Count.ShouldBe(1);
        var template = metadata.Body["items"]![0]!;
        template["agreementType"]!.GetValue<string>().ShouldBe("MicrosoftCustomerAgreement");
        template["templateId"]!.GetValue<string>().ShouldBe("117a77b0-9360-443b-8795-c6dedc750cf9");

        var agreement = await client.PostAsync($"/v1/customers/{customerId}/agreements", SdkBodies.Agreement());
        agreement.Status.ShouldBe(HttpStatusCode.Created, agreement.Text);
        agreement.Body["type"]!.GetValue<string>().ShouldBe("MicrosoftCustomerAgreement");
        agreement.Body["dateAgreed"]!.GetValue<string>().ShouldBe("2024-01-15T12:00:00Z");
        Guid.TryParse(agreement.Body["userId"]!.GetValue<string>(), out _).ShouldBeTrue();

        var product = await client.GetAsync("/v1/products/DZH318Z0BPS6?country=US");
        product.Status.ShouldBe(HttpStatusCode.OK);
        product.Body["id"]!.GetValue<string>().ShouldBe("DZH318Z0BPS6");
        product.Body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("Product");

        var skus = await client.GetAsync("/v1/products/DZH318Z0BPS6/skus?country=US");
        skus.Status.ShouldBe(HttpStatusCode.OK);
        var sku = skus.Body["items"]![0]!;
        sku["id"]!.GetValue<string>().ShouldBe("0001");
        sku["supportedBillingCycles"]![0]!.GetValue<string>().ShouldBe("one_time");
        sku["purchasePrerequisites"]![0]!.GetValue<string>().ShouldBe("MicrosoftCustomerAgreement");

        var availabilities = await client.GetAsync("/v1/products/DZH318Z0BPS6/skus/0001/availabilities?country=US");
        availabilities.Status.ShouldBe(HttpStatusCode.OK);
        var catalogItemId = availabilities.Body["items"]![0]!["catalogItemId"]!.GetValue<string>();
        catalogItemId.ShouldBe("DZH318Z0BPS6:0001:DZH318Z0BML6");

        var cart = await client.PostAsync($"/v1/customers/{customerId}/carts", SdkBodies.Cart(catalogItemId));
        cart.Status.ShouldBe(HttpStatusCode.Created, cart.Text);
        var cartId = cart.Body["id"]!.GetValue<string>();
        cart.Body["status"]!.GetValue<string>().ShouldBe("Active");
        cart.Body["lineItems"]![0]!["currencyCode"]!.GetValue<string>().ShouldBe("USD");
        cart.Body["lineItems"]![0]!["error"].ShouldBeNull();

        var checkout = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);
        checkout.Status.ShouldBe(HttpStatusCode.Created, checkout.Text);
        checkout.Body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("CartCheckoutResult");
        checkout.Body["orderErrors"]!.AsArray().ShouldBeEmpty();
        var order = checkout.Body["orders"]![0]!;
        order["billingCycle"]!.GetValue<string>().ShouldBe("one_time");
        order["lineItems"]![0]!["offerId"]!.GetValue<string>().ShouldBe(catalogItemId);
        var planId = order["lineItems"]![0]!["subscriptionId"]!.GetValue<string>();

        var subscriptions = await client.GetAsync($"/v1/customers/{customerId}/subscriptions");
        subscriptions.Status.ShouldBe(HttpStatusCode.OK);
        subscriptions.Body["totalCount"]!.GetValue<int>().ShouldBe(1);
        var plan = subscriptions.Body["items"]![0]!;
        plan["id"]!.GetValue<string>().ShouldBe(planId);
        plan["offerId"]!.GetValue<string>().ShouldBe(catalogItemId);
        plan["status"]!.GetValue<string>().ShouldBe("active");
        plan["billingType"]!.GetValue<string>().ShouldBe("usage");
        plan["quantity"]!.GetValue<int>().ShouldBe(1);
        plan["attributes"]!["etag"].ShouldNotBeNull();

        var entitlements = await client.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}/azureEntitlements");
        entitlements.Status.ShouldBe(HttpStatusCode.OK);
        var entitlement = entitlements.Body["items"]!.AsArray().ShouldHaveSingleItem()!;
        entitlement["status"]!.GetValue<string>().ShouldBe("active");
        entitlement["subscriptionId"]!.GetValue<string>().ShouldBe(planId);
        entitlement["friendlyName"]!.GetValue<string>().ShouldBe("Microsoft Azure");

        var unbilled = await client.GetAsync("/v1/invoices/unbilled/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&currencyCode=USD&period=current&size=2000");
        unbilled.Status.ShouldBe(HttpStatusCode.OK, unbilled.Text);
        unbilled.Body["items"]!.AsArray().ShouldBeEmpty();
        unbilled.Body["totalCount"]!.GetValue<int>().ShouldBe(0);

        var invoices = await client.GetAsync("/v1/invoices");
        invoices.Status.ShouldBe(HttpStatusCode.Forbidden, "a sales agent may not read invoices");
        var billing = await _factory.SignInAsync("billing@contoso-partner.example");
        var billingInvoices = await billing.GetAsync("/v1/invoices");
        billingInvoices.Status.ShouldBe(HttpStatusCode.OK);
        billingInvoices.Body["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Checkout_RecordsOwnerRoleForAdminAgentsWithItsStartTime()
    {
        var client = await _factory.SignInAsync("admin@contoso-partner.example");
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
        var azureSubscriptionId = await Journey.DefaultAzureSubscriptionAsync(client, customerId, planId);

        using var scope = _factory.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<PlanCenter.Application.Abstractions.ICommerceStore>();
        var assignments = await store.ListRoleAssignmentsAsync($"/subscriptions/{azureSubscriptionId}", CancellationToken.None);

        var owner = assignments.ShouldHaveSingleItem();
        owner.RoleName.ShouldBe("Owner");
        owner.PrincipalKind.ShouldBe(PlanCenter.Domain.Access.PrincipalKind.ForeignGroup);
        owner.PartnerTenantId.ShouldBe(DemoWorld.ContosoPartner);
        owner.StartAt.ShouldBe(_factory.Time.GetUtcNow());
        owner.EndAt.ShouldBeNull();
    }
}
