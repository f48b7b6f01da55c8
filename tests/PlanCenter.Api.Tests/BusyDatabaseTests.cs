using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PlanCenter.Api.Errors;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>
/// A write that waited past SQLite's busy timeout (another connection held the write lock, e.g. a long close)
/// did nothing and can be retried: it is answered 503 with Retry-After, which the Partner Center SDK retries,
/// not 500.
/// </summary>
public sealed class BusyDatabaseTests
{
    private static async Task<(HttpContext Context, JsonNode Body)> HandleAsync(string path, Exception exception)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(TimeProvider.System).BuildServiceProvider() };
        context.Request.Path = path;
        var body = new MemoryStream();
        context.Response.Body = body;
        var handled = await new PartnerCenterErrorHandler(NullLogger<PartnerCenterErrorHandler>.Instance).TryHandleAsync(context, exception, CancellationToken.None);
        handled.ShouldBeTrue();
        return (context, JsonNode.Parse(body.ToArray())!);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public async Task DatabaseBusyOrLocked_IsServerBusy503_WithRetryAfter(int sqliteError)
    {
        var busy = new DbUpdateException("An error occurred while saving the entity changes.", new SqliteException("SQLite Error: 'database is locked'.", sqliteError));

        var (context, body) = await HandleAsync("/sandbox/clock", busy);

        context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        context.Response.Headers.RetryAfter.ToString().ShouldBe("5");
        body["code"]!.GetValue<string>().ShouldBe("800003");
        body["description"]!.GetValue<string>().ShouldContain("busy");
    }

    [Fact]
    public async Task DatabaseBusy_OnAGraphRoute_IsGraphsServiceNotAvailable()
    {
        var (context, body) = await HandleAsync("/v1.0/reports/partners/billing/usage/unbilled/export", new SqliteException("database is locked", 5));

        context.Response.StatusCode.ShouldBe(StatusCodes.Status503ServiceUnavailable);
        body["error"]!["code"]!.GetValue<string>().ShouldBe("ServiceNotAvailable");
    }

    [Fact]
    public async Task OtherSqliteErrors_StayUnexpected500s()
    {
        var (context, _) = await HandleAsync("/v1/customers", new SqliteException("constraint failed", 19));

        context.Response.StatusCode.ShouldBe(StatusCodes.Status500InternalServerError);
    }
}
