using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Domain.Partners;
using PlanCenter.Storage;

namespace PlanCenter.Api.Infrastructure;

/// <summary>The body of a clock change: an instant to move to, or an amount of time to advance by.</summary>
public sealed record ClockChangeDto(DateTimeOffset? Now, string? Advance);

/// <summary>
/// Sandbox operator routes (only with the sandbox option): read, set and advance the instance clock.
/// The offset is stored, so the clock survives a restart. Global admins only.
/// </summary>
public static class SandboxEndpoints
{
    public const string ClockOffsetSetting = "sandbox-clock-offset-ticks";

    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup("/sandbox").RequireAuthorization();
        sandbox.MapGet("/clock", (HttpContext http, SandboxClock clock) =>
        {
            PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.SandboxClock);
            return Results.Json(new { now = clock.GetUtcNow(), offset = clock.Offset.ToString("c", CultureInfo.InvariantCulture) });
        });
        sandbox.MapPost("/clock", async (ClockChangeDto? body, HttpContext http, SandboxClock clock, CommerceDbContext db, CancellationToken ct) =>
        {
            PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.SandboxClock);
            var change = Endpoints.WireInput.Body(body);
            var target = change switch
            {
                { Now: { } now, Advance: null } => now,
                { Now: null, Advance: { } advance } => clock.GetUtcNow() + ParseAdvance(advance),
                _ => throw ApiFaultException.InvalidField("body", "give exactly one of now (an instant) or advance (e.g. P3D, PT6H or 1.06:00:00)."),
            };
            var offset = clock.OffsetAt(target);
            if (offset < clock.Offset)
            {
                throw ApiFaultException.InvalidField("now", "the sandbox clock only moves forward.");
            }

            // Stored first: a write that fails (the database busy) leaves the clock where it was.
            await SaveOffsetAsync(db, offset, ct);
            if (!clock.TrySetOffset(offset))
            {
                // Another request moved it further meanwhile; the store keeps the later offset.
                await SaveOffsetAsync(db, clock.Offset, ct);
            }

            return Results.Json(new { now = clock.GetUtcNow(), offset = clock.Offset.ToString("c", CultureInfo.InvariantCulture) });
        });
        return app;
    }

    public static async Task SaveOffsetAsync(CommerceDbContext db, TimeSpan offset, CancellationToken ct)
    {
        var text = offset.Ticks.ToString(CultureInfo.InvariantCulture);
        var setting = await db.InstanceSettings.FirstOrDefaultAsync(s => s.Name == ClockOffsetSetting, ct);
        if (setting is null)
        {
            db.InstanceSettings.Add(new InstanceSetting { Name = ClockOffsetSetting, Value = text });
        }
        else
        {
            setting.Value = text;
        }

        await db.SaveChangesAsync(ct);
    }

    private static TimeSpan ParseAdvance(string text)
    {
        try
        {
            return text.StartsWith('P') || text.StartsWith('p')
                ? System.Xml.XmlConvert.ToTimeSpan(text.ToUpperInvariant())
                : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw ApiFaultException.InvalidField("advance", $"'{text}' is not an ISO 8601 duration (P3D) or a time span (3.00:00:00).");
        }
    }
}
