using Microsoft.Extensions.DependencyInjection;
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

    [Fact]
    public async Task SchemaScripts_AreAppliedOnceAcrossRestarts()
    {
        var script = new PlanCenter.Storage.SchemaScript("9999-test-widgets", 9999, "CREATE TABLE test_widgets (id INTEGER PRIMARY KEY); INSERT INTO test_widgets VALUES (1);");
        for (var start = 0; start < 2; start++)
        {
            using var factory = PlanCenterFactory.OnDisk(_dataDirectory);
            factory.ConfigureMoreServices = services => services.AddSingleton(script);
            _ = factory.CreateClient();
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "plancenter.db")}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM test_widgets";
        ((long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!).ShouldBe(1, "a second apply would have failed or inserted again");
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
