using PlanCenter.Domain.Primitives;
using PlanCenter.Api;
using PlanCenter.Storage;

namespace PlanCenter.Commands;

/// <summary>
/// The services of an instance without its web server, for commands that work on the database directly
/// (the schema is migrated as the server would at start; the demo world is seeded only when asked, so that
/// an operator's first <c>partners add</c> leaves a clean instance).
/// </summary>
public static class OfflineHost
{
    public static async Task<WebApplication> OpenAsync(string dataDirectory, bool seedDemo, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = nameof(StorageProvider.Sqlite),
            ["Storage:DataDirectory"] = dataDirectory,
            ["PlanCenter:SeedDemo"] = seedDemo ? "true" : "false",
        });
        builder.AddPlanCenter();
        var app = builder.Build();
        await PlanCenterHost.InitializeAsync(app.Services, ct);
        return app;
    }

    /// <summary>
    /// Runs <paramref name="work"/> against the instance in <paramref name="dataDirectory"/>; a broken input
    /// file, a broken rule or an I/O failure prints its reason and exits 2.
    /// </summary>
    public static async Task<int> RunAsync(string dataDirectory, bool seedDemo, Func<IServiceProvider, Task> work, CancellationToken ct)
    {
        await using var app = await OpenAsync(dataDirectory, seedDemo, ct);
        using var scope = app.Services.CreateScope();
        try
        {
            await work(scope.ServiceProvider);
            return 0;
        }
        catch (InputFileException e)
        {
            await Console.Error.WriteLineAsync($"plancenter: file error: {e.Message}");
            return 2;
        }
        catch (CommerceRuleException e)
        {
            await Console.Error.WriteLineAsync($"plancenter: {e.Error.Description}");
            return 2;
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"plancenter: {e.Message}");
            return 2;
        }
    }
}
