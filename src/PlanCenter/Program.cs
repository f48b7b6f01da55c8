using System.CommandLine;
using PlanCenter.Api;
using PlanCenter.Storage;

namespace PlanCenter;

/// <summary>
/// The <c>plancenter</c> command. Without a sub-command it serves the API (the README's one-command
/// start); tokens it does not recognise go to the ASP.NET Core host (e.g. <c>--urls</c>), which is also
/// how the test host passes its settings.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        var port = new Option<int>("--port") { Description = "HTTP port on localhost.", DefaultValueFactory = _ => 5080 };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder of the SQLite database.", DefaultValueFactory = _ => StorageOptions.DefaultDataDirectory };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep all data in memory (lost at exit)." };
        var sandbox = new Option<bool>("--sandbox") { Description = "Let a Global admin set and advance the clock (/sandbox/clock)." };
        var noDemo = new Option<bool>("--no-demo") { Description = "Do not seed the demo world into an empty database." };

        var root = new RootCommand("PlanCenter: a self-hostable Partner Center for the Azure plan.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        foreach (var option in new Option[] { port, dataDir, inMemory, sandbox, noDemo })
        {
            root.Options.Add(option);
        }

        root.SetAction((parse, ct) => ServeAsync(
            new ServeSettings(parse.GetValue(port), parse.GetValue(dataDir)!, parse.GetValue(inMemory), parse.GetValue(sandbox), !parse.GetValue(noDemo)),
            [.. parse.UnmatchedTokens], ct));

        Commands.TenantCommands.Add(root, dataDir);
        Commands.RateCommand.Add(root);
        Commands.PricingCommands.Add(root, dataDir);
        Commands.UsageCommands.Add(root, dataDir);
        Commands.PecCommands.Add(root, dataDir);
        Commands.BillingCommands.Add(root, dataDir);

        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
        return await root.Parse(args).InvokeAsync(configuration);
    }

    private sealed record ServeSettings(int Port, string DataDirectory, bool InMemory, bool Sandbox, bool SeedDemo);

    private static async Task<int> ServeAsync(ServeSettings settings, string[] hostArgs, CancellationToken ct)
    {
        var builder = WebApplication.CreateBuilder(hostArgs);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = settings.InMemory ? nameof(StorageProvider.InMemory) : nameof(StorageProvider.Sqlite),
            ["Storage:DataDirectory"] = settings.DataDirectory,
            ["PlanCenter:Sandbox"] = settings.Sandbox ? "true" : "false",
            ["PlanCenter:SeedDemo"] = settings.SeedDemo ? "true" : "false",
        });
        // Settings given to the host itself (tests, environment variables, --urls) win over the defaults above.
        builder.Configuration.AddCommandLine(hostArgs);
        if (builder.Configuration["urls"] is null && builder.Configuration["ASPNETCORE_URLS"] is null)
        {
            builder.WebHost.UseUrls($"http://localhost:{settings.Port}");
        }

        builder.AddPlanCenter();
        var app = builder.Build();
        app.UsePlanCenter();
        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, settings));
        await app.RunAsync(ct);
        return 0;
    }

    private static void PrintWelcome(WebApplication app, ServeSettings settings)
    {
        var address = app.Urls.FirstOrDefault() ?? $"http://localhost:{settings.Port}";
        var storage = app.Services.GetRequiredService<StorageOptions>();
        Console.WriteLine($"""

            PlanCenter is listening on {address}
              data:      {(storage.Provider == StorageProvider.InMemory ? "in memory" : storage.DatabasePath)}
              API docs:  {address}/docs   (OpenAPI: {address}/openapi/v1.json)

            Sign in (demo world; every demo user's password is {DemoWorld.Password}):
              curl -s -X POST {address}/oauth2/token -d grant_type=password -d username=admin@contoso-partner.example -d password={DemoWorld.Password}
              or: dotnet run --project src/PlanCenter -- token --user sales@contoso-partner.example
            Users: {string.Join(", ", DemoWorld.Users.Select(u => u.Email))}
            App-only: client_id={DemoWorld.ContosoApp} client_secret={DemoWorld.ContosoAppSecret} (grant_type=client_credentials)
            """);
    }
}
