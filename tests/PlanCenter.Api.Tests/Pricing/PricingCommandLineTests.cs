using System.Net;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Pricing;

/// <summary><c>plancenter prices import</c> and <c>plancenter fx import</c>, run in-process against a data folder.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class PricingCommandLineTests : IDisposable
{
    private const string SamplePath = "../../../../../shared/data/azure-retail-prices-sample.json";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "plancenter-cli", Guid.NewGuid().ToString("N"));

    private Task<CommandResult> RunAsync(params string[] args) => CommandLine.RunAsync(_dataDirectory, args);

    private string WriteFile(string name, string text)
    {
        Directory.CreateDirectory(_dataDirectory);
        var path = Path.Combine(_dataDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Sample()
    {
        // The shared copy when the repository sits next to ../shared (CI), else the copy embedded for the demo.
        var shared = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, SamplePath));
        if (File.Exists(shared))
        {
            return shared;
        }

        using var embedded = new StreamReader(DemoWorld.OpenDemoData(DemoWorld.RetailPricesSample));
        return WriteFile("azure-retail-prices-sample.json", embedded.ReadToEnd());
    }

    [Fact]
    public async Task PricesImport_TheRealRetailSample_StoresItsConsumptionMeters()
    {
        var result = await RunAsync("prices", "import", Sample());

        result.ExitCode.ShouldBe(0, result.Error);
        result.Out.ShouldContain("price list version 1: 670 rows");
        result.Out.ShouldContain("328 non-Consumption items and 2 repeated listings skipped");
        result.Out.ShouldContain("prices every month");
    }

    [Fact]
    public async Task PricesImport_BadRows_Exit2_PrintsEveryBadRow_AndImportsNothing()
    {
        var bad = WriteFile("bad.csv", """
            MeterIds,UnitPrice,PricingTierRangeMin,EffectiveStartDate,EffectiveEndDate,Tags,SkuTitle,MeterType,Currency
            7e57a11a-0000-4000-8000-000000000001,1,0,2026-01-01,,Consumption,A,B,USD
            7e57a11a-0000-4000-8000-000000000001,2,0,2026-02-01,,Consumption,A,B,USD
            7e57a11a-0000-4000-8000-000000000003,-1,0,2026-02-01,,Consumption,A,B,USD
            7e57a11a-0000-4000-8000-000000000002,1,0,2026-01-01,,Consumption,A,B,GBP
            """);
        var good = WriteFile("good.csv", """
            MeterIds,UnitPrice,PricingTierRangeMin,EffectiveStartDate,EffectiveEndDate,Tags,SkuTitle,MeterType
            7e57a11a-0000-4000-8000-000000000001,1,0,2026-01-01,,Consumption,A,B
            """);

        var failed = await RunAsync("prices", "import", bad);
        var retried = await RunAsync("prices", "import", good);

        failed.ExitCode.ShouldBe(2);
        failed.Error.ShouldContain("bad.csv:3: column EffectiveStartDate: meter 7e57a11a-0000-4000-8000-000000000001");
        failed.Error.ShouldContain("bad.csv:4: column UnitPrice: -1 is negative");
        failed.Error.ShouldContain("bad.csv:5: column Currency: 'GBP' is not USD");
        failed.Error.ShouldContain("3 bad row(s) in bad.csv; nothing was imported.");
        retried.Out.ShouldContain("price list version 1: 1 rows", customMessage: "the failed import stored no version");
    }

    [Fact]
    public async Task PricesImport_MissingFile_Exit2()
    {
        var result = await RunAsync("prices", "import", Path.Combine(_dataDirectory, "nope.csv"));

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("does not exist");
    }

    [Fact]
    public async Task FxImport_GoodAndBadFiles_ServerServesOnlyTheGoodRates()
    {
        var good = WriteFile("fx.csv", "CurrencyCode,USDPerUnit,Month\nEUR,1.08,2026-01\nGBP,1.27,202601\n");
        var bad = WriteFile("fx-bad.csv", "CurrencyCode,USDPerUnit,Month\nEUR,1.2,2026-01\nEUR,1.3,2026-01\nABC,1,2026-01\n");

        var imported = await RunAsync("fx", "import", good);
        var rejected = await RunAsync("fx", "import", bad);
        var partner = Guid.NewGuid().ToString();
        await RunAsync("partners", "add", "--name", "P", "--country", "DE", "--mpn-id", "1", "--tenant-id", partner);
        await RunAsync("users", "add", "--partner", partner, "--email", "ga@p.example", "--role", "GlobalAdmin", "--password", "long-enough-secret");
        var token = await RunAsync("token", "--user", "ga@p.example");

        imported.ExitCode.ShouldBe(0, imported.Error);
        imported.Out.ShouldContain("2 FX rates");
        rejected.ExitCode.ShouldBe(2);
        rejected.Error.ShouldContain("fx-bad.csv:3: column CurrencyCode: a second rate for EUR in 2026-01");
        rejected.Error.ShouldContain("fx-bad.csv:4: column CurrencyCode: 'ABC' is not an ISO 4217 currency");
        using var factory = PlanCenterFactory.OnDisk(_dataDirectory);
        factory.Time.SetUtcNow(TimeProvider.System.GetUtcNow());
        var client = new PriceSheetClient(factory.CreateClient(), token.Out.Trim());
        var fx = await client.GetAsync("/v1.0/sales/fxrates(Month='202601')/$value");
        fx.Status.ShouldBe(HttpStatusCode.OK, fx.Text);
        fx.Text.ShouldContain("\"EUR\",\"1.08\",\"2026-01\"");
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
