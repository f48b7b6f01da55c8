using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>Data in the SQLite file survives a restart of the server, and so do tokens and the sandbox clock.</summary>
public sealed class PersistenceTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "plancenter-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Restart_KeepsCustomersPlansTokensAndClock()
    {
        string customerId, planId, token;
        DateTimeOffset advancedTo;
        using (var first = PlanCenterFactory.OnDisk(_dataDirectory))
        {
            var client = await first.SignInAsync("admin@contoso-partner.example");
            (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
            token = await PartnerClient.GetUserTokenAsync(first.CreateClient(), "admin@contoso-partner.example");
            var clock = await client.PostAsync("/sandbox/clock", "{\"advance\":\"PT30M\"}");
            clock.Status.ShouldBe(HttpStatusCode.OK, clock.Text);
            advancedTo = clock.Body["now"]!.GetValue<DateTimeOffset>();
        }

        File.Exists(Path.Combine(_dataDirectory, "plancenter.db")).ShouldBeTrue();
        using var second = PlanCenterFactory.OnDisk(_dataDirectory);
        var again = new PartnerClient(second.CreateClient(), token);

        var customer = await again.GetAsync($"/v1/customers/{customerId}");
        var plan = await again.GetAsync($"/v1/customers/{customerId}/subscriptions/{planId}");
        var clockNow = await again.GetAsync("/sandbox/clock");
        var partners = await again.GetAsync("/v1/customers?size=500");

        customer.Status.ShouldBe(HttpStatusCode.OK, customer.Text);
        plan.Body["status"]!.GetValue<string>().ShouldBe("active");
        clockNow.Body["now"]!.GetValue<DateTimeOffset>().ShouldBe(advancedTo);
        partners.Body["items"]!.AsArray().Count(c => c!["companyProfile"]!["domain"]!.GetValue<string>() == "northwindtraders.onmicrosoft.com")
            .ShouldBe(1, "the demo world is seeded once, not on every start");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
