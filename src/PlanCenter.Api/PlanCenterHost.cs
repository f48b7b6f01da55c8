using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using PlanCenter.Api.Azure;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Endpoints;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Api.Infrastructure;
using PlanCenter.Application;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Storage;
using PlanCenter.Storage.Billing;
using PlanCenter.Storage.Budgets;
using PlanCenter.Storage.Exports;
using PlanCenter.Storage.Pricing;
using PlanCenter.Storage.Rating;
using Scalar.AspNetCore;

namespace PlanCenter.Api;

/// <summary>Builds the PlanCenter web application: services, the request pipeline and start-up work.</summary>
public static class PlanCenterHost
{
    private const string SigningKeySetting = "jwt-signing-key";

    /// <summary>Registers every PlanCenter service, reading options from configuration.</summary>
    public static void AddPlanCenter(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // EF Core logs every command at Information; that drowns the server's own output.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", Microsoft.Extensions.Logging.LogLevel.Warning);
        var options = builder.Configuration.GetSection("PlanCenter").Get<PlanCenterOptions>() ?? new PlanCenterOptions();
        var storage = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton(options);
        services.AddStorage(storage);
        services.AddApplication();
        services.AddPricingStorage();
        services.AddSingleton(new BillingSettings(new BillingCalendar(options.Billing.CloseGrace), options.Billing.AutoClose));
        services.AddRatingStorage();
        services.AddSingleton(sp => new ExportClock(sp.GetRequiredService<SandboxClock>().Wall));
        services.AddExportStorage(builder.Configuration.GetSection("Exports").Get<ExportOptions>());
        services.AddBudgetStorage();
        services.AddSingleton(options.Smtp);
        services.AddSingleton<BudgetAlertMailer>();

        services.AddSingleton(sp => new SandboxClock(TimeProvider.System));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SandboxClock>());
        services.AddSingleton<TokenIssuer>();
        services.AddHostedService<PlanCenterInitializer>();
        services.AddHostedService<RatingWorker>();
        services.AddHostedService<CloseScheduler>();
        services.AddHostedService<ExportWorker>();
        services.AddSingleton<BudgetAlertWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<BudgetAlertWorker>());

        services.Configure<JsonOptions>(json => WireJson.Configure(json.SerializerOptions));
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        services.AddExceptionHandler<PartnerCenterErrorHandler>();
        services.AddProblemDetails();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenIssuer>((jwt, issuer) =>
        {
            jwt.MapInboundClaims = false;
            jwt.TokenValidationParameters = issuer.ValidationParameters();
            jwt.Events = new JwtBearerEvents
            {
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    var error = CommerceErrors.NotAuthenticated.WithDescription(context.AuthenticateFailure is null
                        ? "A bearer token is required (POST /oauth2/token)."
                        : "The bearer token is invalid or expired.");
                    await PartnerCenterErrorHandler.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, error, context.HttpContext.RequestAborted);
                },
                OnForbidden = context => PartnerCenterErrorHandler.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, CommerceErrors.AccessDenied, context.HttpContext.RequestAborted),
            };
        });
        services.AddAuthorization();
        services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "PlanCenter: Partner Center Azure plan API";
            document.Info.Description = "A self-hostable re-implementation of Microsoft Partner Center's Azure plan commerce API.";
            return Task.CompletedTask;
        }));
    }

    /// <summary>The request pipeline and every route.</summary>
    public static void UsePlanCenter(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<PlanCenterOptions>();
        app.UseExceptionHandler();
        app.UseMiddleware<RequestIdentifiers>(options.MaxRequestBodyBytes);
        app.UseAuthentication();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapScalarApiReference("/docs", scalar => scalar.WithTitle("PlanCenter API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapGet("/", () => Results.Redirect("/docs")).ExcludeFromDescription();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).ExcludeFromDescription();
        app.MapTokenEndpoint();

        var v1 = app.MapGroup("/v1").RequireAuthorization();
        v1.MapCustomers();
        v1.MapAgreements();
        v1.MapCatalog();
        v1.MapOrders();
        v1.MapSubscriptions();
        v1.MapInvoices();
        v1.MapInvoiceStatement();
        v1.MapPecDiagnosis();
        v1.MapUsageSummaries();
        v1.MapSpendingBudgets();
        v1.MapPartner();
        app.MapInvitations();
        app.MapSubscriptionAliases();
        app.MapPricing();
        app.MapMetering();
        app.MapRoleAssignments();
        app.MapExports();
        if (options.Sandbox)
        {
            app.MapSandbox();
        }

        // Unknown routes under the API answer an ApiFault, not an empty 404.
        app.MapFallback((HttpContext http) => PartnerCenterErrorHandler.WriteAsync(http, StatusCodes.Status404NotFound,
            CommerceErrors.NotFound.WithDescription($"No route matches {http.Request.Method} {http.Request.Path}."), http.RequestAborted)).ExcludeFromDescription();
    }

    /// <summary>Start-up work: migrate the schema, load or create the signing key, restore the clock, seed.</summary>
    public static async Task InitializeAsync(IServiceProvider services, CancellationToken ct)
    {
        await Storage.DependencyInjection.MigrateAsync(services, ct);
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CommerceDbContext>();
        var key = await db.InstanceSettings.FirstOrDefaultAsync(s => s.Name == SigningKeySetting, ct);
        if (key is null)
        {
            key = new InstanceSetting { Name = SigningKeySetting, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            db.InstanceSettings.Add(key);
            await db.SaveChangesAsync(ct);
        }

        services.GetRequiredService<TokenIssuer>().LoadKey(Convert.FromBase64String(key.Value));
        var offset = await db.InstanceSettings.FirstOrDefaultAsync(s => s.Name == SandboxEndpoints.ClockOffsetSetting, ct);
        if (offset is not null && services.GetRequiredService<PlanCenterOptions>().Sandbox)
        {
            services.GetRequiredService<SandboxClock>().Restore(TimeSpan.FromTicks(long.Parse(offset.Value, System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (services.GetRequiredService<PlanCenterOptions>().SeedDemo && !await db.Partners.AnyAsync(ct))
        {
            await DemoWorld.SeedAsync(scope.ServiceProvider, ct);
        }
    }
}

/// <summary>
/// Runs <see cref="PlanCenterHost.InitializeAsync"/> when the host is starting, before the server accepts
/// requests (lifecycle "starting" runs ahead of every hosted service's start, the web server's included).
/// </summary>
public sealed class PlanCenterInitializer(IServiceProvider services) : Microsoft.Extensions.Hosting.IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => PlanCenterHost.InitializeAsync(services, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
