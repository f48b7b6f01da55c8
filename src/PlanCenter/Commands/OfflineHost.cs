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
}
