using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PlanCenter.Api.Infrastructure;

namespace PlanCenter.Api.Tests.Support;

/// <summary>
/// The real PlanCenter host on a test server: the whole HTTP pipeline, an in-memory database (or a
/// SQLite file, see <see cref="OnDisk"/>), the demo world, and a fake clock.
/// </summary>
public sealed class PlanCenterFactory : WebApplicationFactory<Program>
{
    private readonly string? _dataDirectory;
    private readonly bool _sandbox;

    public PlanCenterFactory()
        : this(null, sandbox: true)
    {
    }

    private PlanCenterFactory(string? dataDirectory, bool sandbox)
    {
        _dataDirectory = dataDirectory;
        _sandbox = sandbox;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 15, 9, 30, 0, TimeSpan.Zero));

    /// <summary>More services for the host (e.g. a schema script under test); set before the first request.</summary>
    public Action<IServiceCollection>? ConfigureMoreServices { get; set; }

    /// <summary>A host whose database is a SQLite file in <paramref name="dataDirectory"/>.</summary>
    public static PlanCenterFactory OnDisk(string dataDirectory, bool sandbox = true) => new(dataDirectory, sandbox);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:Provider", _dataDirectory is null ? "InMemory" : "Sqlite");
        if (_dataDirectory is not null)
        {
            builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        }

        builder.UseSetting("PlanCenter:Sandbox", _sandbox ? "true" : "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<SandboxClock>();
            services.AddSingleton(new SandboxClock(Time));
            ConfigureMoreServices?.Invoke(services);
        });
    }

    /// <summary>A client with a token for a demo user (see DemoWorld.Users).</summary>
    public async Task<PartnerClient> SignInAsync(string email)
    {
        var client = CreateClient();
        var token = await PartnerClient.GetUserTokenAsync(client, email);
        return new PartnerClient(client, token);
    }

    /// <summary>A client with an app-only token for a demo application.</summary>
    public async Task<PartnerClient> SignInAppAsync(Guid clientId, string secret)
    {
        var client = CreateClient();
        var token = await PartnerClient.GetAppTokenAsync(client, clientId, secret);
        return new PartnerClient(client, token);
    }
}
