using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary><c>plancenter rate</c> end to end on the golden case, and its exit code on a broken file.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class RateCommandTests : IDisposable
{
    private static readonly string Golden = Path.Combine(Repository.Root, "tests", "golden", "basic");
    private readonly string _work = Directory.CreateTempSubdirectory("plancenter-rate-").FullName;

    private static Task<CommandResult> RunAsync(params string[] args) => CommandLine.RunAsync(null, args);

    private string[] Arguments(string prices) =>
    [
        "rate", "--prices", prices, "--fx", Path.Combine(Golden, "fx.csv"),
        "--usage", Path.Combine(Golden, "usage.csv"), Path.Combine(Golden, "usage2.jsonl"),
        "--access", Path.Combine(Golden, "access.csv"), "--accounts", Path.Combine(Golden, "accounts.csv"),
        "--out", Path.Combine(_work, "recon.csv"), "--invoice-out", Path.Combine(_work, "invoice.csv"), "--rejects", Path.Combine(_work, "rejects.csv"),
    ];

    [Fact]
    public async Task Rate_GoldenCase_WritesTheExpectedFilesAndSummary()
    {
        var result = await RunAsync(Arguments(Path.Combine(Golden, "prices.csv")));

        result.ExitCode.ShouldBe(0, result.Error);
        (await File.ReadAllTextAsync(Path.Combine(_work, "recon.csv"), TestContext.Current.CancellationToken))
            .ShouldBe(await File.ReadAllTextAsync(Path.Combine(Golden, "expected-recon.csv"), TestContext.Current.CancellationToken));
        (await File.ReadAllTextAsync(Path.Combine(_work, "invoice.csv"), TestContext.Current.CancellationToken))
            .ShouldBe(await File.ReadAllTextAsync(Path.Combine(Golden, "expected-invoice.csv"), TestContext.Current.CancellationToken));
        result.Out.ShouldContain("records read      23");
        result.Out.ShouldContain("duplicates        3");
        result.Out.ShouldContain("invoice total 482.56");
    }

    [Fact]
    public async Task Rate_FocusOut_WritesOneFocusRowPerDailyLineWithTheSameBilledCost()
    {
        var focusPath = Path.Combine(_work, "focus.csv");

        var result = await RunAsync([.. Arguments(Path.Combine(Golden, "prices.csv")), "--focus-out", focusPath]);

        result.ExitCode.ShouldBe(0, result.Error);
        var focus = (await File.ReadAllLinesAsync(focusPath, TestContext.Current.CancellationToken)).ToList();
        var recon = await File.ReadAllLinesAsync(Path.Combine(_work, "recon.csv"), TestContext.Current.CancellationToken);
        focus[0].ShouldBe(string.Join(',', Domain.Billing.Reconciliation.FocusCost.Headers));
        focus.Count.ShouldBe(recon.Length);
        focus.Skip(1).ShouldAllBe(row => row.Contains(",Usage,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rate_BrokenPriceFile_Exits2NamingFileAndLine()
    {
        var broken = Path.Combine(_work, "prices.csv");
        var lines = await File.ReadAllLinesAsync(Path.Combine(Golden, "prices.csv"), TestContext.Current.CancellationToken);
        var header = lines[0].Split(',');
        var priceColumn = Array.IndexOf(header, "UnitPrice");
        var cells = lines[1].Split(',');
        cells[priceColumn] = "twelve";
        lines[1] = string.Join(',', cells);
        await File.WriteAllLinesAsync(broken, lines, TestContext.Current.CancellationToken);

        var result = await RunAsync(Arguments(broken));

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("prices.csv:2");
        result.Error.ShouldContain("UnitPrice");
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
