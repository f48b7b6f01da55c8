using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Rating;

/// <summary><c>plancenter pec explain</c> on an instance's data folder.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class PecExplainCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "plancenter-pec", Guid.NewGuid().ToString("N"));

    private Task<CommandResult> RunAsync(params string[] args) => CommandLine.RunAsync(_dataDirectory, args);

    [Fact]
    public async Task PecExplain_PartialAndWholeDay_ExitCodeAndReportSayWhy()
    {
        string resource;
        using (var factory = PlanCenterFactory.OnDisk(_dataDirectory))
        {
            var world = await UsageWorld.CreateAsync(factory);
            resource = world.Resource("vm");
        }

        var partial = await RunAsync("pec", "explain", "--resource", resource, "--date", "2026-01-15");
        var whole = await RunAsync("pec", "explain", "--resource", resource, "--date", "2026-01-16", "--partner", "c0a7050c-0000-4000-8000-000000000001");
        var stranger = await RunAsync("pec", "explain", "--resource", resource, "--date", "2026-01-16", "--partner", "fab12000-0000-4000-8000-000000000002");

        partial.ExitCode.ShouldBe(1, partial.Error);
        partial.Out.ShouldContain("PEC earned: NO");
        partial.Out.ShouldContain("09:30:00-24:00:00 PartOfDay");
        partial.Out.ShouldContain("uncovered 2026-01-15T00:00:00Z - 2026-01-15T09:30:00Z");
        whole.ExitCode.ShouldBe(0, whole.Error);
        whole.Out.ShouldContain("PEC earned: yes");
        stranger.ExitCode.ShouldBe(2);
        stranger.Error.ShouldContain("another partner");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
