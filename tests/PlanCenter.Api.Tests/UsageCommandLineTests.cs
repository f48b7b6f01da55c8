using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary><c>simulate</c>, <c>usage ingest</c> and <c>access import</c>, run in-process against a data folder.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class UsageCommandLineTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "plancenter-cli", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private Task<CommandResult> RunAsync(params string[] args) => CommandLine.RunAsync(_dataDirectory, args);

    [Fact]
    public async Task Simulate_SameSeed_WritesIdenticalFiles_AndIngestingThemAgainOnlyCountsDuplicates()
    {
        var first = Path.Combine(_dataDirectory, "first");
        var second = Path.Combine(_dataDirectory, "second");

        var run1 = await RunAsync("simulate", "--customers", "3", "--days", "4", "--seed", "11", "--out", first, "--ingest");
        var run2 = await RunAsync("simulate", "--customers", "3", "--days", "4", "--seed", "11", "--out", second);
        var ingest = await RunAsync("usage", "ingest", Path.Combine(first, "usage.csv"));
        var import = await RunAsync("access", "import", Path.Combine(first, "access.csv"));

        run1.ExitCode.ShouldBe(0, run1.Error);
        run2.ExitCode.ShouldBe(0, run2.Error);
        (await File.ReadAllBytesAsync(Path.Combine(first, "usage.csv"), TestContext.Current.CancellationToken))
            .ShouldBe(await File.ReadAllBytesAsync(Path.Combine(second, "usage.csv"), TestContext.Current.CancellationToken));
        (await File.ReadAllTextAsync(Path.Combine(first, "access.csv"), TestContext.Current.CancellationToken))
            .ShouldBe(await File.ReadAllTextAsync(Path.Combine(second, "access.csv"), TestContext.Current.CancellationToken));
        var records = File.ReadLines(Path.Combine(first, "usage.csv")).Count() - 1;
        records.ShouldBeGreaterThan(100);
        run1.Out.ShouldContain($"{records} received, {records} accepted, 0 duplicates ignored, 0 rejected");
        ingest.ExitCode.ShouldBe(0, ingest.Error);
        ingest.Out.ShouldContain($"{records} received, 0 accepted, {records} duplicates ignored, 0 rejected");
        import.ExitCode.ShouldBe(0, import.Error);
        import.Out.ShouldContain("0 added");
    }

    [Fact]
    public async Task UsageIngest_WithoutAPriceList_AcceptsEveryMeter_AndPrintsWhatRatingRejects()
    {
        var folder = Path.Combine(_dataDirectory, "files");
        var simulate = await RunAsync("simulate", "--customers", "2", "--days", "2", "--seed", "5", "--out", folder);
        simulate.ExitCode.ShouldBe(0, simulate.Error);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "plancenter.db")}"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM price_rows; DELETE FROM price_list_versions;";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var ingest = await RunAsync("usage", "ingest", Path.Combine(folder, "usage.csv"));

        var records = File.ReadLines(Path.Combine(folder, "usage.csv")).Count() - 1;
        ingest.ExitCode.ShouldBe(0, ingest.Error);
        ingest.Out.ShouldContain($"{records} received, {records} accepted, 0 duplicates ignored, 0 rejected", customMessage: "no price list: ingestion leaves meters to rating");
        ingest.Out.ShouldContain($"rating: {records} stored records rejected (UnknownMeter {records}; GET /metering/usage/rating-rejects)");
    }

    [Fact]
    public async Task UsageIngest_MissingColumn_IsAFileError_Exit2()
    {
        Directory.CreateDirectory(_dataDirectory);
        var file = Path.Combine(_dataDirectory, "usage.csv");
        await File.WriteAllTextAsync(file, "UsageRecordId,EntitlementId,ResourceUri,MeterId,Quantity\n1,2,3,4,5\n", TestContext.Current.CancellationToken);

        var result = await RunAsync("usage", "ingest", file);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("usage.csv:1: column UsageStart: the required column UsageStart is missing");
    }

    [Fact]
    public async Task AccessImport_BadRow_ChangesNothing_AndNamesLineAndColumn()
    {
        Directory.CreateDirectory(_dataDirectory);
        var file = Path.Combine(_dataDirectory, "access.csv");
        var scope = $"/subscriptions/{Guid.NewGuid()}";
        await File.WriteAllLinesAsync(file,
        [
            "AssignmentId,Scope,RoleName,PartnerTenantId,Kind,StartUtc,EndUtc",
            $"{Guid.NewGuid()},{scope},Owner,{DemoWorld.ContosoPartner},Allow,2026-01-01T00:00:00Z,",
            $"{Guid.NewGuid()},{scope}/resourceGroups/rg,Owner,,Grant,2026-01-01T00:00:00Z,",
        ], TestContext.Current.CancellationToken);

        var bad = await RunAsync("access", "import", file);
        var lines = await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken);
        await File.WriteAllLinesAsync(file, lines[..2], TestContext.Current.CancellationToken);
        var good = await RunAsync("access", "import", file);

        bad.ExitCode.ShouldBe(2);
        bad.Error.ShouldContain("access.csv:3: column Kind: 'Grant' is neither Allow nor Deny");
        good.ExitCode.ShouldBe(0, good.Error);
        good.Out.ShouldContain("1 rows: 1 added", Case.Sensitive, "the failed import added nothing");
    }

    [Fact]
    public async Task SimulatedWorld_IsServedByTheApi_WithItsAccessHistory()
    {
        var run = await RunAsync("simulate", "--customers", "2", "--days", "2", "--seed", "5");
        run.ExitCode.ShouldBe(0, run.Error);

        using var factory = PlanCenterFactory.OnDisk(_dataDirectory);
        factory.Time.SetUtcNow(TimeProvider.System.GetUtcNow());
        var client = await factory.SignInAsync("admin@contoso-partner.example");
        var customers = await client.GetAsync("/v1/customers?size=100");
        var simulated = customers.Body["items"]!.AsArray().First(c => c!["companyProfile"]!["domain"]!.GetValue<string>() == "sim5-1.onmicrosoft.com")!;
        var plans = await client.GetAsync($"/v1/customers/{simulated["id"]}/subscriptions");
        var plan = plans.Body["items"]![0]!["id"]!.GetValue<string>();
        var azure = await Journey.DefaultAzureSubscriptionAsync(client, simulated["id"]!.GetValue<string>(), plan);
        var history = await client.GetAsync($"/subscriptions/{azure}/providers/Microsoft.Authorization/roleAssignments?atTime=2026-01-01T12:00:00Z");
        var resources = await client.GetAsync($"/subscriptions/{azure}/resources");

        history.Status.ShouldBe(HttpStatusCode.OK, history.Text);
        history.Body["value"]!.AsArray().ShouldContain(a => a!["properties"]!["roleName"]!.GetValue<string>() == "Owner");
        resources.Body["value"]!.AsArray().Count.ShouldBeGreaterThan(1);
    }
}
