using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;
using PlanCenter.Api.Contracts;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Errors;

/// <summary>
/// The one place that turns a failure into an HTTP response: broken rules by their kind, malformed
/// bodies as 400 naming the JSON path, a database busy past its timeout as 503 with <c>Retry-After</c>, and
/// anything unexpected as a 500 ApiFault (which is a bug).
/// </summary>
public sealed partial class PartnerCenterErrorHandler(ILogger<PartnerCenterErrorHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var error = Classify(exception);
        if (error is null)
        {
            LogUnexpected(logger, exception);
            error = new CommerceError("800003", "An unexpected error occurred.", ErrorKind.Conflict);
            await WriteAsync(httpContext, StatusCodes.Status500InternalServerError, error, cancellationToken);
            return true;
        }

        await WriteAsync(httpContext, StatusOf(error.Kind), error, cancellationToken);
        return true;
    }

    private const string RetryBusyAfterSeconds = "5";

    /// <summary>
    /// SQLite's busy or locked error: another connection held the write lock past the busy timeout. The
    /// request did nothing (its transaction rolled back) and may be retried: 503 ServerBusy, which the
    /// Partner Center SDK retries.
    /// </summary>
    private static bool IsBusy(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 5 or 6 } => true,
        { InnerException: { } inner } => IsBusy(inner),
        _ => false,
    };

    /// <summary>The HTTP status of a kind of error.</summary>
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadInput => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Busy => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>Writes an ApiFault with the given status.</summary>
    public static Task WriteAsync(HttpContext context, int status, CommerceError error, CancellationToken ct)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (error.Kind == ErrorKind.Busy)
        {
            context.Response.Headers.RetryAfter = RetryBusyAfterSeconds;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        if (GraphError.IsGraphRoute(context.Request.Path))
        {
            return GraphError.WriteAsync(context, status, error, ct);
        }

        var fault = new ApiFault(error.Code, error.Description, []);
        return JsonSerializer.SerializeAsync(context.Response.Body, fault, WireJson.Options, ct);
    }

    private static CommerceError? Classify(Exception exception) => exception switch
    {
        CommerceRuleException rule => rule.Error,
        ApiFaultException fault => fault.Error,
        BadHttpRequestException { InnerException: JsonException json } => FromJson(json),
        JsonException json => FromJson(json),
        BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge => CommerceErrors.RequestTooLarge,
        BadHttpRequestException bad => CommerceErrors.InvalidInput.WithDescription(bad.Message),
        RequestBodyTooLargeException => CommerceErrors.RequestTooLarge,
        _ when IsBusy(exception) => CommerceErrors.ServerBusy,
        _ => null,
    };

    private static CommerceError FromJson(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "body" : json.Path.TrimStart('$', '.');
        var reason = json.InnerException?.Message ?? json.Message;
        if (reason.Contains("Path:", StringComparison.Ordinal))
        {
            reason = reason[..reason.IndexOf("Path:", StringComparison.Ordinal)].Trim();
        }

        return CommerceErrors.InvalidProperty.WithDescription($"{path}: {reason}");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}

/// <summary>Thrown when a request body exceeds the configured limit.</summary>
public sealed class RequestBodyTooLargeException(long limit) : Exception($"The request body is larger than {limit} bytes.");
