using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>Another partner's ids answer exactly like ids that do not exist, on every route.</summary>
public sealed class TenantIsolationTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    [Fact]
    public async Task OtherPartnersIds_AnswerLikeUnknownIds_OnEveryRoute()
    {
        var contoso = await factory.SignInAsync("admin@contoso-partner.example");
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(contoso);
        var azureSubscriptionId = await Journey.DefaultAzureSubscriptionAsync(contoso, customerId, planId);
        var orderId = (await contoso.GetAsync($"/v1/customers/{customerId}/orders")).Body["items"]![0]!["id"]!.GetValue<string>();
        var cartId = await Journey.CreateCartAsync(contoso, customerId);
        var fabrikam = await factory.SignInAsync("admin@fabrikam-partner.example");
        var unknown = Guid.NewGuid().ToString();

        (string Method, string Path, string? Body)[] routes =
        [
            ("GET", "/v1/customers/{c}", null),
            ("PATCH", "/v1/customers/{c}", "{\"relationshipToPartner\":\"none\"}"),
            ("GET", "/v1/customers/{c}/profiles/company", null),
            ("GET", "/v1/customers/{c}/profiles/billing", null),
            ("GET", "/v1/customers/{c}/agreements?agreementType=MicrosoftCustomerAgreement", null),
            ("POST", "/v1/customers/{c}/agreements", SdkBodies.Agreement(email: "x@y.example")),
            ("POST", "/v1/customers/{c}/carts", SdkBodies.Cart()),
            ("GET", "/v1/customers/{c}/carts/{cart}", null),
            ("POST", "/v1/customers/{c}/carts/{cart}/checkout", SdkBodies.Checkout),
            ("GET", "/v1/customers/{c}/orders", null),
            ("GET", "/v1/customers/{c}/orders/{o}", null),
            ("GET", "/v1/customers/{c}/subscriptions", null),
            ("GET", "/v1/customers/{c}/subscriptions/{p}", null),
            ("PATCH", "/v1/customers/{c}/subscriptions/{p}", "{\"friendlyName\":\"taken over\"}"),
            ("GET", "/v1/customers/{c}/subscriptions/{p}/azureEntitlements", null),
            ("GET", "/v1/customers/{c}/subscriptions/{p}/azureEntitlements/{e}", null),
            ("POST", "/v1/customers/{c}/subscriptions/{p}/azureEntitlements/{e}/cancel", "{\"cancellationReason\":\"compromise\"}"),
            ("GET", "/v1/customers/{c}/products", null),
        ];

        foreach (var (method, template, body) in routes)
        {
            var theirs = await fabrikam.SendAsync(new HttpMethod(method), Fill(template, customerId, cartId, orderId, planId, azureSubscriptionId), body, null);
            var missing = await fabrikam.SendAsync(new HttpMethod(method), Fill(template, unknown, unknown, unknown, unknown, unknown), body, null);

            theirs.Status.ShouldBe(HttpStatusCode.NotFound, $"{method} {template}: {theirs.Text}");
            theirs.Body["code"]!.GetValue<string>().ShouldBe(missing.Body["code"]!.GetValue<string>(), $"{method} {template}");
        }

        var alias = await fabrikam.PutAsync($"/providers/Microsoft.Subscription/aliases/steal-{Guid.NewGuid():N}", PermissionMatrixTests.AliasBody(customerId));
        alias.Status.ShouldBe(HttpStatusCode.NotFound, alias.Text);

        var list = await fabrikam.GetAsync("/v1/customers?size=500");
        list.Body["items"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).ShouldNotContain(customerId);

        var after = await contoso.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}");
        after.Body["friendlyName"]!.GetValue<string>().ShouldBe("Azure plan");
        (await contoso.GetAsync($"/v1/customers/{customerId}")).Body["relationshipToPartner"]!.GetValue<string>().ShouldBe("reseller");
    }

    private static string Fill(string template, string customer, string cart, string order, string plan, string entitlement) =>
        template.Replace("{c}", customer, StringComparison.Ordinal).Replace("{cart}", cart, StringComparison.Ordinal)
            .Replace("{o}", order, StringComparison.Ordinal).Replace("{p}", plan, StringComparison.Ordinal).Replace("{e}", entitlement, StringComparison.Ordinal);
}
