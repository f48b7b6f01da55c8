using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>Bad input answers 400 with an ApiFault naming the field, never a 500, and writes nothing.</summary>
public sealed class BadInputTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    [Theory]
    [InlineData("{\"CompanyProfile\":{\"Domain\":\"x.example\"", "CompanyProfile")]
    [InlineData("{\"CompanyProfile\":{\"Domain\":42}}", "CompanyProfile.Domain")]
    [InlineData("{\"CompanyProfile\":{\"Domain\":\"ok-domain.example\"},\"RelationshipToPartner\":\"best_friends\"}", "RelationshipToPartner")]
    [InlineData("{\"CompanyProfile\":{\"Domain\":\"ok-domain2.example\"}}", "billingProfile")]
    [InlineData("{\"BillingProfile\":{}}", "companyProfile")]
    [InlineData("[1,2,3]", "body")]
    [InlineData("", "body")]
    public async Task CreateCustomer_BadBody_Answers400NamingTheField(string body, string field)
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var before = (await client.GetAsync("/v1/customers?size=500")).Body["totalCount"]!.GetValue<int>();

        var response = await client.PostAsync("/v1/customers", body);

        response.Status.ShouldBe(HttpStatusCode.BadRequest, response.Text);
        response.Body["description"]!.GetValue<string>().ShouldContain(field, Case.Insensitive);
        (await client.GetAsync("/v1/customers?size=500")).Body["totalCount"]!.GetValue<int>().ShouldBe(before);
    }

    [Theory]
    [InlineData("billingProfile.email")]
    [InlineData("billingProfile.defaultAddress.city")]
    [InlineData("billingProfile.defaultAddress.country")]
    public async Task CreateCustomer_MissingRequiredField_NamesIt(string field)
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var leaf = field[(field.LastIndexOf('.') + 1)..];
        var pascal = char.ToUpperInvariant(leaf[0]) + leaf[1..];
        var body = SdkBodies.Customer(SdkBodies.Unique("miss"));
        var start = body.IndexOf($"\"{pascal}\":\"", StringComparison.Ordinal);
        var end = body.IndexOf('"', start + pascal.Length + 4);
        body = body[..start] + $"\"{pascal}\":null" + body[(end + 1)..];

        var response = await client.PostAsync("/v1/customers", body);

        response.ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain(field);
    }

    [Fact]
    public async Task Cart_UnknownBillingCycle_Answers400NamingIt()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(client);

        var response = await client.PostAsync($"/v1/customers/{customerId}/carts", SdkBodies.Cart(billingCycle: "fortnightly"));

        response.Status.ShouldBe(HttpStatusCode.BadRequest);
        response.Body["description"]!.GetValue<string>().ShouldContain("BillingCycle");
    }

    [Theory]
    [InlineData("ONE_TIME")]
    [InlineData("OneTime")]
    [InlineData("oneTime")]
    public async Task Cart_EnumInAnyCase_IsAccepted(string billingCycle)
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(client);

        var response = await client.PostAsync($"/v1/customers/{customerId}/carts", SdkBodies.Cart(billingCycle: billingCycle));

        response.Status.ShouldBe(HttpStatusCode.Created, response.Text);
        response.Body["lineItems"]![0]!["billingCycle"]!.GetValue<string>().ShouldBe("one_time");
    }

    [Theory]
    [InlineData("/v1/customers/not-a-guid", "customerId")]
    [InlineData("/v1/customers/not-a-guid/subscriptions", "customerId")]
    [InlineData("/v1/customers/00000000-0000-0000-0000-000000000001/subscriptions/xyz", "subscriptionId")]
    [InlineData("/v1/customers/00000000-0000-0000-0000-000000000001/orders/xyz", "orderId")]
    public async Task InvalidGuidInPath_Answers400NamingIt(string path, string field)
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");

        var response = await client.GetAsync(path);

        response.ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain(field);
    }

    [Fact]
    public async Task GuidsInAnyCase_FindTheSameResource()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(client);

        var upper = await client.GetAsync($"/v1/customers/{customerId.ToUpperInvariant()}");

        upper.Status.ShouldBe(HttpStatusCode.OK);
        upper.Body["id"]!.GetValue<string>().ShouldBe(customerId);
    }

    [Fact]
    public async Task BodyOverOneMegabyte_Answers400()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var padding = new string('x', 1024 * 1024 + 10);

        var response = await client.PostAsync("/v1/customers", "{\"Padding\":\"" + padding + "\"}");

        response.ShouldBeFault(HttpStatusCode.BadRequest, "800002").ShouldContain("larger");
    }

    [Fact]
    public async Task QueryNamesAndValues_AreCaseInsensitive()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");

        var agreements = await client.GetAsync("/v1/agreements?AGREEMENTTYPE=microsoftcustomeragreement");
        var unbilled = await client.GetAsync("/v1/invoices/unbilled/lineitems?Provider=OneTime&invoicelineitemtype=UsageLineItems&currencycode=USD&Period=Current&size=2000");
        var badPeriod = await client.GetAsync("/v1/invoices/unbilled/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&currencyCode=USD&period=someday");

        agreements.Body["items"]![0]!["agreementType"]!.GetValue<string>().ShouldBe("MicrosoftCustomerAgreement");
        unbilled.Status.ShouldBe(HttpStatusCode.OK, unbilled.Text);
        badPeriod.ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain("period");
    }

    [Fact]
    public async Task PatchPlan_ChangingQuantity_IsRefusedAndChangesNothing()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);

        var response = await client.PatchAsync($"/v1/customers/{customerId}/subscriptions/{planId}", "{\"FriendlyName\":\"renamed\",\"Quantity\":5}");

        response.ShouldBeFault(HttpStatusCode.BadRequest, "800095");
        (await client.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}")).Body["friendlyName"]!.GetValue<string>().ShouldBe("Azure plan");
    }
}
