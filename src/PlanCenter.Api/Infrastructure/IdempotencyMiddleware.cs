using Microsoft.EntityFrameworkCore;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Abstractions;
using PlanCenter.Storage;

namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// Makes writes idempotent on <c>MS-RequestId</c> (api.md §2.9): the first successful (2xx) response to a
/// POST, PUT or PATCH is stored under (partner, method, path, request id) and replayed byte for byte when
/// the same request id comes again, as the SDK does on retries. Concurrent repeats wait for the first.
/// Failed responses are not stored, so a corrected retry is not blocked.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, KeyedLock locks, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context, CommerceDbContext db)
    {
        var method = context.Request.Method;
        var requestId = context.Request.Headers[RequestIdentifiers.RequestIdHeader].FirstOrDefault()?.Trim();
        var caller = CallerContext.FromPrincipal(context.User);
        if (caller is null || string.IsNullOrEmpty(requestId) || !(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)))
        {
            await next(context);
            return;
        }

        var key = $"{caller.PartnerId}|{method}|{context.Request.Path.Value?.TrimEnd('/').ToLowerInvariant()}|{requestId.ToLowerInvariant()}";
        using var held = await locks.AcquireAsync("idempotency:" + key, context.RequestAborted);
        var stored = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, context.RequestAborted);
        if (stored is not null)
        {
            context.Response.StatusCode = stored.StatusCode;
            context.Response.ContentType = stored.ContentType;
            if (stored.Location is not null)
            {
                context.Response.Headers.Location = stored.Location;
            }

            await context.Response.Body.WriteAsync(stored.Body, context.RequestAborted);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = buffer.ToArray();
        if (context.Response.StatusCode is >= 200 and < 300)
        {
            db.ChangeTracker.Clear();
            db.IdempotentRequests.Add(new IdempotentRequest
            {
                Key = key,
                StatusCode = context.Response.StatusCode,
                ContentType = context.Response.ContentType,
                Location = context.Response.Headers.Location.FirstOrDefault(),
                Body = body,
                CreatedAt = clock.GetUtcNow(),
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }

        await original.WriteAsync(body, context.RequestAborted);
    }
}
