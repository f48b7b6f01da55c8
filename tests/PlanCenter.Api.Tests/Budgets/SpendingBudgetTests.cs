using System.Net;
using System.Text.Json.Nodes;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Budgets;

/// <summary><c>GET</c>/<c>PATCH /v1/customers/{id}/usagebudget</c> (api.md §15.1) in the SDK's wire shape.</summary>
public sealed class SpendingBudgetTests(PlanCenterFactory factory) : IClassFixture<PlanCenterFactory>
{
    private const string Admin = "admin@contoso-partner.example";

    private static string Patch(string amount) => $$$"""{"Amount": {{{amount}}}, "Attributes": {"ObjectType": "SpendingBudget"}}""";

    private static string Path(string customerId) => $"/v1/customers/{customerId}/usagebudget";

    [Fact]
    public async Task UsageBudget_NoBudget_AnswersANullAmount()
    {
        var client = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(client);

        var response = await client.GetAsync(Path(customer));

        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        var body = response.Body.AsObject();
        body.ContainsKey("amount").ShouldBeTrue(response.Text);
        body["amount"].ShouldBeNull();
        body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("SpendingBudget");
        body["links"]!["self"]!["uri"]!.GetValue<string>().ShouldBe($"/customers/{customer}/usagebudget");
    }

    [Fact]
    public async Task UsageBudget_PatchThenGet_RoundTripsTheAmount()
    {
        var client = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(client);

        var patch = await client.PatchAsync(Path(customer), Patch("100.5"));
        var get = await client.GetAsync(Path(customer));
        var summary = await client.GetAsync($"/v1/customers/{customer}/usagesummary");

        patch.Status.ShouldBe(HttpStatusCode.OK, patch.Text);
        patch.Body["amount"]!.GetValue<decimal>().ShouldBe(100.5m);
        patch.Body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("SpendingBudget");
        patch.Body["links"]!["self"]!["uri"]!.GetValue<string>().ShouldBe($"/customers/{customer}/usagebudget");
        get.Body["amount"]!.GetValue<decimal>().ShouldBe(100.5m);
        summary.Status.ShouldBe(HttpStatusCode.OK, summary.Text);
        summary.Body["budget"]!["amount"]!.GetValue<decimal>().ShouldBe(100.5m);
        summary.Body["budget"]!["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("SpendingBudget");
    }

    [Fact]
    public async Task UsageBudget_PatchAgain_ReplacesTheAmount()
    {
        var client = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(client);

        await client.PatchAsync(Path(customer), Patch("100"));
        await client.PatchAsync(Path(customer), Patch("250"));
        var get = await client.GetAsync(Path(customer));

        get.Body["amount"]!.GetValue<decimal>().ShouldBe(250m);
    }

    [Theory]
    [InlineData("""{"Amount": null, "Attributes": {"ObjectType": "SpendingBudget"}}""")]
    [InlineData("""{"Attributes": {"ObjectType": "SpendingBudget"}}""")]
    public async Task UsageBudget_PatchNullOrNoAmount_RemovesTheBudget(string body)
    {
        var client = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(client);
        await client.PatchAsync(Path(customer), Patch("50"));

        var patch = await client.PatchAsync(Path(customer), body);
        var get = await client.GetAsync(Path(customer));
        var summary = await client.GetAsync($"/v1/customers/{customer}/usagesummary");

        patch.Status.ShouldBe(HttpStatusCode.OK, patch.Text);
        patch.Body.AsObject().ContainsKey("amount").ShouldBeTrue();
        patch.Body["amount"].ShouldBeNull();
        get.Body["amount"].ShouldBeNull();
        summary.Body["budget"]!["amount"].ShouldBeNull();
    }

    [Fact]
    public async Task UsageBudget_ZeroAmount_IsABudgetOfZero()
    {
        var client = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(client);

        var patch = await client.PatchAsync(Path(customer), Patch("0"));

        patch.Status.ShouldBe(HttpStatusCode.OK, patch.Text);
        patch.Body["amount"]!.GetValue<decimal>().ShouldBe(0m);
    }

    [Fact]
    public async Task UsageBudget_OtherPartnersCustomer_Is404()
    {
        var contoso = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(contoso);
        var fabrikam = await factory.SignInAsync("admin@fabrikam-partner.example");

        var get = await fabrikam.GetAsync(Path(customer));
        var patch = await fabrikam.PatchAsync(Path(customer), Patch("10"));
        var alerts = await fabrikam.GetAsync(Path(customer) + "/alerts");
        var unknown = await contoso.GetAsync(Path(Guid.NewGuid().ToString()));

        get.ShouldBeFault(HttpStatusCode.NotFound, "60003");
        patch.ShouldBeFault(HttpStatusCode.NotFound, "60003");
        alerts.ShouldBeFault(HttpStatusCode.NotFound, "60003");
        unknown.ShouldBeFault(HttpStatusCode.NotFound, "60003");
        (await contoso.GetAsync(Path(customer))).Body["amount"].ShouldBeNull();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("-0.01")]
    [InlineData("\"100\"")]
    [InlineData("\"abc\"")]
    [InlineData("true")]
    [InlineData("1e40")]
    [InlineData("1000000000000")]
    [InlineData("1.005")]
    public async Task UsageBudget_BadAmount_Is400NamingTheField(string amount)
    {
        var client = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(client);
        await client.PatchAsync(Path(customer), Patch("10"));

        var response = await client.PatchAsync(Path(customer), Patch(amount));

        response.ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldStartWith("amount", Case.Insensitive);
        (await client.GetAsync(Path(customer))).Body["amount"]!.GetValue<decimal>().ShouldBe(10m);
    }

    [Fact]
    public async Task UsageBudget_BadCustomerId_Is400()
    {
        var client = await factory.SignInAsync(Admin);

        var response = await client.GetAsync(Path("not-a-guid"));

        response.ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldStartWith("customerId");
    }

    [Theory]
    [InlineData("admin@contoso-partner.example", true)]
    [InlineData("adminagent@contoso-partner.example", true)]
    [InlineData("globaladmin@contoso-partner.example", false)]
    [InlineData("sales@contoso-partner.example", false)]
    [InlineData("billing@contoso-partner.example", false)]
    [InlineData("helpdesk@contoso-partner.example", false)]
    public async Task UsageBudget_Patch_OnlyAdminAgentsMayChangeIt(string email, bool allowed)
    {
        var admin = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(admin);
        var user = await factory.SignInAsync(email);

        var patch = await user.PatchAsync(Path(customer), Patch("75"));
        var get = await user.GetAsync(Path(customer));

        if (allowed)
        {
            patch.Status.ShouldBe(HttpStatusCode.OK, patch.Text);
        }
        else
        {
            patch.ShouldBeFault(HttpStatusCode.Forbidden, "900150");
        }

        // Everyone who may read the usage a budget is compared with may read the budget.
        get.Status.ShouldBe(HttpStatusCode.OK, get.Text);
        var stored = (await admin.GetAsync(Path(customer))).Body["amount"];
        if (allowed)
        {
            stored!.GetValue<decimal>().ShouldBe(75m);
        }
        else
        {
            stored.ShouldBeNull();
        }
    }

    [Fact]
    public async Task UsageBudget_AppOnlyToken_MayReadAndChangeIt()
    {
        var admin = await factory.SignInAsync(Admin);
        var customer = await Journey.CreateCustomerAsync(admin);
        var app = await factory.SignInAppAsync(DemoWorld.ContosoApp, DemoWorld.ContosoAppSecret);

        var patch = await app.PatchAsync(Path(customer), Patch("42"));
        var get = await app.GetAsync(Path(customer));
        var alerts = await app.GetAsync("/v1/usagebudget/alerts");

        patch.Status.ShouldBe(HttpStatusCode.OK, patch.Text);
        get.Body["amount"]!.GetValue<decimal>().ShouldBe(42m);
        alerts.Status.ShouldBe(HttpStatusCode.OK, alerts.Text);
        alerts.Body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("Collection");
        alerts.Body["items"].ShouldBeOfType<JsonArray>();
    }
}
