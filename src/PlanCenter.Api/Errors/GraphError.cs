using System.Text.Json;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Errors;

/// <summary>
/// Microsoft Graph's error body, used on the Graph-shaped routes under <c>/v1.0/reports/</c> (the asynchronous
/// export, api.md §14.1) instead of Partner Center's ApiFault:
/// <c>{"error":{"code","message","innerError":{"code","date","request-id"}}}</c>. <c>code</c> is Graph's
/// word for the HTTP status; <c>innerError.code</c> keeps PlanCenter's Partner Center error code.
/// </summary>
public static class GraphError
{
    public static bool IsGraphRoute(PathString path) => path.StartsWithSegments("/v1.0/reports", StringComparison.OrdinalIgnoreCase);

    /// <summary>Graph's code for an HTTP status.</summary>
    public static string CodeOf(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "BadRequest",
        StatusCodes.Status401Unauthorized => "InvalidAuthenticationToken",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "NotFound",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status410Gone => "Gone",
        StatusCodes.Status503ServiceUnavailable => "ServiceNotAvailable",
        _ => "InternalServerError",
    };

    public static async Task WriteAsync(HttpContext context, int status, CommerceError error, CancellationToken ct)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("code", CodeOf(status));
        json.WriteString("message", error.Description);
        json.WriteStartObject("innerError");
        json.WriteString("code", error.Code);
        json.WriteString("date", (context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString("request-id", context.Response.Headers["MS-RequestId"].FirstOrDefault() ?? context.TraceIdentifier);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }
}
