using System.IO.Compression;
using Microsoft.AspNetCore.Http.Features;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Api.Azure;

/// <summary>One reject in a metering response.</summary>
public sealed record UsageRejectDto(long Line, string? UsageRecordId, string Reason, string Detail);

/// <summary>The answer to <c>POST /metering/usage</c>: every received record is accepted, a duplicate or rejected.</summary>
public sealed record UsageIngestDto(long BatchId, int Received, int Accepted, int Duplicates, int Rejected, IReadOnlyList<UsageRejectDto> Rejects);

/// <summary>A stored reject.</summary>
public sealed record StoredRejectDto(long Sequence, long BatchId, DateTimeOffset ReceivedAt, long Line, string? UsageRecordId, string? EntitlementId,
    string? ResourceUri, string? MeterId, string? UsageStart, string? Quantity, string Reason, string Detail);

/// <summary>A page of stored rejects; <c>next</c> is the sequence to pass as <c>after</c> for more.</summary>
public sealed record StoredRejectPageDto(int TotalCount, IReadOnlyList<StoredRejectDto> Items, long? Next);

/// <summary>A stored record that rating rejected (billing-rules §2.1), with the record's stored fields.</summary>
public sealed record RatingRejectDto(string UsageRecordId, string? EntitlementId, string? ResourceUri, string? MeterId, DateTimeOffset? UsageStart,
    string? Quantity, string Reason, string Detail);

/// <summary>A page of rating's rejects; <c>next</c> is the UsageRecordId to pass as <c>after</c> for more.</summary>
public sealed record RatingRejectPageDto(int TotalCount, IReadOnlyList<RatingRejectDto> Items, string? Next);

/// <summary>
/// The Azure metering side (outside Partner Center's <c>/v1</c>): usage records arrive here (billing-rules
/// §1.3) as CSV (<c>text/csv</c>) or JSON lines (<c>application/x-ndjson</c>, <c>application/jsonl</c> or
/// <c>application/json</c>), optionally <c>Content-Encoding: gzip</c>, at most
/// <see cref="MaxRecordsPerRequest"/> records. The response is sent after the batch is committed.
/// </summary>
public static class MeteringEndpoints
{
    public const int MaxRecordsPerRequest = 100_000;

    /// <summary>The largest request body accepted (compressed size).</summary>
    public const long MaxBodyBytes = 256L * 1024 * 1024;

    public static IEndpointRouteBuilder MapMetering(this IEndpointRouteBuilder app)
    {
        var metering = app.MapGroup("/metering").RequireAuthorization();
        metering.MapPost("/usage", IngestAsync);
        metering.MapGet("/usage/rejects", async (HttpContext http, IUsageLedger ledger, long? after, int? size, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
            var limit = Math.Clamp(size ?? 1000, 1, 10_000);
            var items = await ledger.ListRejectsAsync(caller.PartnerId, after ?? 0, limit, ct);
            var dtos = items.Select(r => new StoredRejectDto(r.Sequence, r.BatchId, r.ReceivedAt, r.LineNumber, r.UsageRecordId, r.EntitlementId,
                r.ResourceUri, r.MeterId, r.UsageStart, r.Quantity, r.Reason.ToString(), r.Detail)).ToList();
            return Results.Ok(new StoredRejectPageDto(dtos.Count, dtos, dtos.Count == limit ? dtos[^1].Sequence : null));
        });

        // Records the ledger accepted but rating rejected (NoPriceOnDate, NoExchangeRate, …): rating catches up first.
        metering.MapGet("/usage/rating-rejects", async (HttpContext http, ServerRating rating, string? after, int? size, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
            var limit = Math.Clamp(size ?? 1000, 1, 10_000);
            var items = await rating.ListRejectsAsync(caller.PartnerId, after, limit, ct);
            var dtos = items.Select(r => new RatingRejectDto(r.UsageRecordId, r.EntitlementId, r.ResourceUri, r.MeterId, r.UsageStartAt, r.Quantity,
                r.Reason.ToString(), r.Detail)).ToList();
            return Results.Ok(new RatingRejectPageDto(dtos.Count, dtos, dtos.Count == limit ? dtos[^1].UsageRecordId : null));
        });
        return app;
    }

    private static async Task IngestAsync(HttpContext http, IUsageLedger ledger, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.IngestUsage);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        var format = FormatOf(http.Request.ContentType);
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        body.Position = 0;
        Stream input = body;
        var encoding = http.Request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
        {
            input = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
        }
        else if (encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiFaultException.InvalidField("Content-Encoding", $"'{encoding}' is not supported; send gzip or nothing.");
        }

        var rows = new List<UsageRow>();
        try
        {
            foreach (var row in UsageTextReader.Read(input, format, "request body"))
            {
                if (rows.Count == MaxRecordsPerRequest)
                {
                    await PartnerCenterErrorHandler.WriteAsync(http, StatusCodes.Status413PayloadTooLarge, CommerceErrors.RequestTooLarge.WithDescription(
                        $"A request may carry at most {MaxRecordsPerRequest} usage records; split the file into several requests."), ct);
                    return;
                }

                rows.Add(row);
            }
        }
        catch (InputFileException e)
        {
            throw new ApiFaultException(CommerceErrors.InvalidInput.WithDescription($"The usage file is broken: {e.Message}"));
        }
        catch (InvalidDataException e)
        {
            throw new ApiFaultException(CommerceErrors.InvalidInput.WithDescription($"The body is not valid {(input is GZipStream ? "gzip" : "text")}: {e.Message}"));
        }
        finally
        {
            if (input != body)
            {
                await input.DisposeAsync();
            }
        }

        var requestId = http.Request.Headers[Infrastructure.RequestIdentifiers.RequestIdHeader].FirstOrDefault() ?? http.TraceIdentifier;
        var source = $"POST /metering/usage {requestId}";
        // Not cancellable once read: the client may go away, the batch still commits as one unit.
        var result = await ledger.IngestBatchAsync(rows, caller.PartnerId, source, CancellationToken.None);
        var dto = new UsageIngestDto(result.BatchId, result.Received, result.Accepted, result.Duplicates, result.Rejected,
            result.Rejects.Select(r => new UsageRejectDto(r.LineNumber, r.UsageRecordId, r.Reason.ToString(), r.Detail)).ToList());
        await Results.Ok(dto).ExecuteAsync(http);
    }

    private static UsageFormat FormatOf(string? contentType)
    {
        var media = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "text/csv" or "application/csv" => UsageFormat.Csv,
            "application/x-ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/json" or "application/jsonlines" => UsageFormat.JsonLines,
            _ => throw ApiFaultException.InvalidField("Content-Type", $"'{contentType}' is not supported; send text/csv or application/x-ndjson (JSON lines)."),
        };
    }
}
