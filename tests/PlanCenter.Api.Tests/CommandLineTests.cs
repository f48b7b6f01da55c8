using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The operator commands, run in-process against a data folder the server then opens.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "plancenter-cli", Guid.NewGuid().ToString("N"));

    private Task<CommandResult> RunAsync(params string[] args) => CommandLine.RunAsync(_dataDirectory, args);

    [Fact]
    public async Task PartnersUsersApps_AddedOffline_CanSignInToTheServer()
    {
        var tenant = Guid.NewGuid().ToString();

        var partner = await RunAsync("partners", "add", "--name", "Woodgrove Partners", "--country", "GB", "--mpn-id", "777", "--tenant-id", tenant);
        var user = await RunAsync("users", "add", "--partner", tenant, "--email", "ops@woodgrove.example", "--role", "GlobalAdmin", "--role", "AdminAgent", "--password", "long-enough-secret");
        var app = await RunAsync("apps", "add", "--partner", tenant, "--name", "Woodgrove tool");
        var token = await RunAsync("token", "--user", "ops@woodgrove.example");

        partner.ExitCode.ShouldBe(0, partner.Error);
        partner.Out.ShouldContain("billed in GBP");
        user.ExitCode.ShouldBe(0, user.Error);
        app.Out.ShouldContain("client_id=");
        token.ExitCode.ShouldBe(0, token.Error);
        using var factory = PlanCenterFactory.OnDisk(_dataDirectory);
        factory.Time.SetUtcNow(TimeProvider.System.GetUtcNow()); // the command signed the token on the real clock
        var client = new PartnerClient(factory.CreateClient(), token.Out.Trim());
        var customers = await client.GetAsync("/v1/customers");
        customers.Status.ShouldBe(HttpStatusCode.OK, customers.Text);
        customers.Body["items"]!.AsArray().ShouldBeEmpty("the new partner has no customers, and no demo world was seeded");
    }

    [Fact]
    public async Task UsersAdd_UnknownRole_ExitsWith2AndSaysWhy()
    {
        var tenant = Guid.NewGuid().ToString();
        await RunAsync("partners", "add", "--name", "P", "--country", "US", "--mpn-id", "1", "--tenant-id", tenant);

        var result = await RunAsync("users", "add", "--partner", tenant, "--email", "x@p.example", "--role", "Wizard", "--password", "long-enough-secret");

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("Wizard");
    }

    [Fact]
    public async Task Token_ForADemoUser_WorksOnAFreshFolder()
    {
        var result = await RunAsync("token", "--user", "sales@contoso-partner.example");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.Trim().Split('.').Length.ShouldBe(3);
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
