using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>Seek paging, the starts_with filter, profiles, domains and address validation (api.md §4).</summary>
public sealed class CustomerListingTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    [Fact]
    public async Task List_FollowingLinksNextWithItsHeaders_ReturnsEveryCustomerOnce()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var prefix = "page" + Guid.NewGuid().ToString("N")[..6];
        for (var i = 0; i < 5; i++)
        {
            await Journey.CreateCustomerAsync(client, $"{prefix}{i}.onmicrosoft.com");
        }

        var filter = Uri.EscapeDataString("{\"Field\":\"Domain\",\"Value\":\"" + prefix + "\",\"Operator\":\"starts_with\"}");
        var seen = new List<string>();
        var page = await client.GetAsync($"/v1/customers?size=2&filter={filter}");
        var pages = 1;
        while (true)
        {
            page.Status.ShouldBe(HttpStatusCode.OK, page.Text);
            page.Body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("Collection");
            seen.AddRange(page.Body["items"]!.AsArray().Select(c => c!["companyProfile"]!["domain"]!.GetValue<string>()));
            var next = page.Body["links"]!["next"];
            if (next is null)
            {
                page.Body["continuationToken"].ShouldBeNull();
                break;
            }

            var token = page.Body["continuationToken"]!.GetValue<string>();
            var header = next["headers"]![0]!;
            header["key"]!.GetValue<string>().ShouldBe("MS-ContinuationToken");
            header["value"]!.GetValue<string>().ShouldBe(token);
            next["uri"]!.GetValue<string>().ShouldContain("seekOperation=Next");
            page = await client.GetAsync("/v1" + next["uri"]!.GetValue<string>(), new Dictionary<string, string> { ["MS-ContinuationToken"] = token });
            pages++;
        }

        pages.ShouldBe(3);
        seen.ShouldBe(Enumerable.Range(0, 5).Select(i => $"{prefix}{i}.onmicrosoft.com"));
    }

    [Fact]
    public async Task List_CompanyNameStartsWith_IsCaseInsensitive()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");

        var filter = Uri.EscapeDataString("{\"Field\":\"CompanyName\",\"Value\":\"northWIND\",\"Operator\":\"starts_with\"}");
        var response = await client.GetAsync($"/v1/customers?size=0&filter={filter}");

        response.Body["items"]!.AsArray().ShouldHaveSingleItem()!["companyProfile"]!["companyName"]!.GetValue<string>().ShouldBe("Northwind Traders");
    }

    [Fact]
    public async Task List_BadContinuationToken_Answers400()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");

        var response = await client.GetAsync("/v1/customers?size=2&seekOperation=next", new Dictionary<string, string> { ["MS-ContinuationToken"] = "garbage!" });

        response.ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain("MS-ContinuationToken");
    }

    [Fact]
    public async Task BillingProfile_PutWithCurrentEtag_UpdatesAndStaleEtagAnswers2055()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(client);
        var profile = (await client.GetAsync($"/v1/customers/{customerId}/profiles/billing")).Text;

        var updated = await client.PutAsync($"/v1/customers/{customerId}/profiles/billing", profile.Replace("Contoso Example", "Contoso Renamed", StringComparison.Ordinal));
        var stale = await client.PutAsync($"/v1/customers/{customerId}/profiles/billing", profile);

        updated.Status.ShouldBe(HttpStatusCode.OK, updated.Text);
        updated.Body["companyName"]!.GetValue<string>().ShouldBe("Contoso Renamed");
        stale.ShouldBeFault(HttpStatusCode.BadRequest, "2055");
        (await client.GetAsync($"/v1/customers/{customerId}/profiles/company")).Body["companyName"]!.GetValue<string>().ShouldBe("Contoso Renamed");
    }

    [Fact]
    public async Task DomainHead_TakenIs200_FreeIs404()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");

        var taken = await client.SendAsync(HttpMethod.Head, "/v1/domains/northwindtraders.onmicrosoft.com", null, null);
        var free = await client.SendAsync(HttpMethod.Head, $"/v1/domains/{SdkBodies.Unique("free")}", null, null);

        taken.Status.ShouldBe(HttpStatusCode.OK);
        free.Status.ShouldBe(HttpStatusCode.NotFound);
        free.Text.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidateAddress_ReportsVerifiedOrWhatIsWrong()
    {
        var client = await factory.SignInAsync("sales@contoso-partner.example");

        var good = await client.PostAsync("/v1/validations/address", "{\"AddressLine1\":\"1 Microsoft Way\",\"City\":\"Redmond\",\"State\":\"WA\",\"PostalCode\":\"98052\",\"Country\":\"US\"}");
        var bad = await client.PostAsync("/v1/validations/address", "{\"AddressLine1\":\"1 Microsoft Way\",\"City\":\"Redmond\",\"State\":\"WA\",\"PostalCode\":\"ABC\",\"Country\":\"US\"}");

        good.Body["status"]!.GetValue<string>().ShouldBe("Verified");
        bad.Body["status"]!.GetValue<string>().ShouldBe("NotValidated");
        bad.Body["validationMessage"]!.GetValue<string>().ShouldContain("postalCode");
    }

    [Fact]
    public async Task RelationshipRequest_AcceptedOnItsPage_RestoresTheRelationship()
    {
        var sales = await factory.SignInAsync("sales@contoso-partner.example");
        var customerId = await Journey.CreateCustomerAsync(sales);
        var globalAdmin = await factory.SignInAsync("globaladmin@contoso-partner.example");
        (await globalAdmin.PatchAsync($"/v1/customers/{customerId}", "{\"relationshipToPartner\":\"none\"}")).Status.ShouldBe(HttpStatusCode.OK);
        var url = new Uri((await sales.GetAsync("/v1/customers/relationshiprequests")).Body["url"]!.GetValue<string>());
        using var browser = factory.CreateClient();

        var page = await browser.GetStringAsync(url.PathAndQuery);
        var accepted = await browser.PostAsync("/invitations/reseller", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["partnerId"] = DemoWorld.ContosoPartner.ToString(),
            ["customerTenantId"] = customerId,
        }));

        page.ShouldContain("Contoso Cloud Partners");
        accepted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sales.GetAsync($"/v1/customers/{customerId}")).Body["relationshipToPartner"]!.GetValue<string>().ShouldBe("reseller");
    }

    [Fact]
    public async Task OrganizationProfile_DescribesTheCallersPartner()
    {
        var client = await factory.SignInAsync("sales@fabrikam-partner.example");

        var profile = await client.GetAsync("/v1/profiles/organization");

        profile.Body["companyName"]!.GetValue<string>().ShouldBe("Fabrikam Partner GmbH");
        profile.Body["defaultAddress"]!["country"]!.GetValue<string>().ShouldBe("DE");
        profile.Body["billingCurrency"]!.GetValue<string>().ShouldBe("EUR");
    }
}
