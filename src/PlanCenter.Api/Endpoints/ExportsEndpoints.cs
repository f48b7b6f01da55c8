using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Exports;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// The asynchronous reconciliation export in Microsoft Graph's shape (api.md §14.1), served by PlanCenter
/// under <c>/v1.0/reports/partners/billing</c> with PlanCenter's bearer tokens: POST an export (202 +
/// <c>Location</c>), poll the operation, read the manifest, download the blobs with the manifest's SAS token
/// alone. Errors use Graph's body (<see cref="GraphError"/>). See docs/exports.md.
/// </summary>
public static class ExportsEndpoints
{
    public const string BasePath = "/v1.0/reports/partners/billing";
    private const string GraphType = "#microsoft.graph.partners.billing.";
    private static readonly string[] Periods = ["current", "last"];
    private static readonly string[] AttributeSets = ["full", "basic"];

    public static void MapExports(this WebApplication app)
    {
        var billing = app.MapGroup(BasePath);
        billing.MapPost("/usage/unbilled/export", UnbilledAsync).RequireAuthorization();
        billing.MapPost("/usage/billed/export", (HttpContext http, ExportPipeline pipeline, ExportStore store, ExportQueue queue, CancellationToken ct) =>
            BilledAsync(ExportKind.BilledUsage, http, pipeline, store, queue, ct)).RequireAuthorization();
        billing.MapPost("/reconciliation/billed/export", (HttpContext http, ExportPipeline pipeline, ExportStore store, ExportQueue queue, CancellationToken ct) =>
            BilledAsync(ExportKind.BilledReconciliation, http, pipeline, store, queue, ct)).RequireAuthorization();
        billing.MapGet("/operations/{operationId}", OperationAsync).RequireAuthorization();
        billing.MapGet("/manifests/{manifestId}", ManifestAsync).RequireAuthorization();
        billing.MapGet("/blobs/{manifestId}/{blobName}", BlobAsync).AllowAnonymous();
    }

    private static async Task<IResult> UnbilledAsync(HttpContext http, ExportStore store, ExportQueue queue, TimeProvider clock, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
        var body = await ReadBodyAsync(http, ct);
        var currency = Text(body, "currencyCode", required: true)!.ToUpperInvariant();
        if (!IsoCurrencies.IsKnown(currency))
        {
            throw ApiFaultException.InvalidField("currencyCode", $"'{currency}' is not an ISO 4217 currency code.");
        }

        var period = OneOf(body, "billingPeriod", Periods, null);
        var full = OneOf(body, "attributeSet", AttributeSets, "full") == "full";
        var month = BillingCalendar.PeriodAt(clock.GetUtcNow()).AddMonths(period == "last" ? -1 : 0);
        var operation = await store.CreateAsync(new ExportRequest(caller.PartnerId, ExportKind.UnbilledUsage, full, currency, month), ct);
        queue.Enqueue(operation.Id);
        return TypedResults.Accepted(OperationUrl(http, operation.Id));
    }

    private static async Task<IResult> BilledAsync(ExportKind kind, HttpContext http, ExportPipeline pipeline, ExportStore store, ExportQueue queue, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, Permission(kind));
        var body = await ReadBodyAsync(http, ct);
        var invoiceId = Text(body, "invoiceId", required: true)!;
        var full = OneOf(body, "attributeSet", AttributeSets, "full") == "full";
        var request = new ExportRequest(caller.PartnerId, kind, full, InvoiceId: invoiceId);
        if (!await pipeline.SourceOf(kind).ExistsAsync(request, ct))
        {
            throw new ApiFaultException(CommerceErrors.NotFound.WithDescription($"Invoice '{invoiceId}' was not found."));
        }

        var operation = await store.CreateAsync(request, ct);
        queue.Enqueue(operation.Id);
        return TypedResults.Accepted(OperationUrl(http, operation.Id));
    }

    private static async Task<IResult> OperationAsync(string operationId, HttpContext http, ExportStore store, ExportClock clock, CancellationToken ct)
    {
        var operation = await FindOwnAsync(http, store.FindAsync(http.GetCaller().PartnerId, operationId, ct), $"Operation '{operationId}' was not found.");
        if (operation.HasExpiredAt(clock.Wall.GetUtcNow()))
        {
            return Gone($"Operation '{operationId}' has expired.");
        }

        var json = new JsonObject
        {
            ["@odata.context"] = $"{Origin(http)}/v1.0/$metadata#reports/partners/billing/operations/$entity",
            ["@odata.type"] = GraphType + operation.Status switch
            {
                ExportStatus.Succeeded => "exportSuccessOperation",
                ExportStatus.Failed => "failedOperation",
                _ => "runningOperation",
            },
            ["id"] = operation.Id,
            ["createdDateTime"] = Instant(operation.CreatedAt),
            ["lastActionDateTime"] = Instant(operation.LastActionAt),
            ["status"] = operation.Status switch
            {
                ExportStatus.NotStarted => "notStarted",
                ExportStatus.Running => "running",
                ExportStatus.Succeeded => "succeeded",
                _ => "failed",
            },
        };
        switch (operation.Status)
        {
            case ExportStatus.Succeeded:
                json["resourceLocation@odata.navigationLink"] = $"{Origin(http)}{BasePath}/manifests/{operation.ManifestId}";
                break;
            case ExportStatus.Failed:
                json["error"] = new JsonObject { ["code"] = operation.ErrorCode, ["message"] = operation.ErrorMessage };
                break;
            default:
                http.Response.Headers.RetryAfter = "5";
                break;
        }

        // PlanCenter extra, as an OData instance annotation that Graph clients ignore.
        json["@plancenter.progress"] = new JsonObject
        {
            ["recordsDone"] = operation.RecordsDone,
            ["recordsTotal"] = operation.RecordsTotal,
            ["percentComplete"] = operation.Status == ExportStatus.Succeeded ? 100
                : operation.RecordsTotal is > 0 and var total ? Math.Round(100m * operation.RecordsDone / total, 1, MidpointRounding.ToZero) : 0,
        };
        return Results.Text(json.ToJsonString(), "application/json; charset=utf-8");
    }

    private static async Task<IResult> ManifestAsync(string manifestId, HttpContext http, ExportStore store, ExportClock clock, ExportOptions options, CancellationToken ct)
    {
        var operation = await FindOwnAsync(http, store.FindByManifestAsync(http.GetCaller().PartnerId, manifestId, ct), $"Manifest '{manifestId}' was not found.");
        var now = clock.Wall.GetUtcNow();
        if (operation.HasExpiredAt(now))
        {
            return Gone($"Manifest '{manifestId}' has expired.");
        }

        var sasExpiresAt = now + options.SasLifetime;
        if (operation.ExpiresAt is { } end && end < sasExpiresAt)
        {
            sasExpiresAt = end;
        }

        var blobs = new JsonArray();
        for (var part = 1; part <= operation.BlobCount; part++)
        {
            blobs.Add(new JsonObject
            {
                ["@odata.type"] = GraphType + "blob",
                ["name"] = ExportOperation.BlobName(part),
                ["partitionValue"] = part.ToString(CultureInfo.InvariantCulture),
            });
        }

        var json = new JsonObject
        {
            ["@odata.context"] = $"{Origin(http)}/v1.0/$metadata#reports/partners/billing/manifests/$entity",
            ["@odata.type"] = GraphType + "manifest",
            ["id"] = manifestId,
            ["schemaVersion"] = "2",
            ["dataFormat"] = "compressedJSONLines",
            ["createdDateTime"] = Instant(operation.LastActionAt),
            ["eTag"] = operation.ETag,
            ["partnerTenantId"] = operation.Request.Partner.ToString(),
            ["rootDirectory"] = $"{Origin(http)}{BasePath}/blobs/{manifestId}",
            ["sasToken"] = ExportSas.Create(await store.SasKeyAsync(ct), manifestId, sasExpiresAt),
            ["partitionType"] = "ItemCount",
            ["blobCount"] = operation.BlobCount,
            ["blobs"] = blobs,
            ["@plancenter.recordCount"] = operation.RecordsDone,
        };
        return Results.Text(json.ToJsonString(), "application/json; charset=utf-8");
    }

    private static async Task<IResult> BlobAsync(string manifestId, string blobName, HttpContext http, ExportStore store, ExportFiles files, ExportClock clock,
        CancellationToken ct)
    {
        var query = http.Request.Query;
        if (!ExportSas.IsValid(await store.SasKeyAsync(ct), manifestId, query["se"].FirstOrDefault(), query["sig"].FirstOrDefault(), clock.Wall.GetUtcNow()))
        {
            return Problem(StatusCodes.Status403Forbidden, "AuthenticationFailed",
                "The SAS token is missing, invalid or expired; read the manifest again for a fresh one.");
        }

        var operation = await store.FindByManifestAsync(manifestId, ct);
        var path = operation is null ? null : files.BlobPath(operation.Id, blobName);
        if (operation is null || path is null || !File.Exists(path))
        {
            return Problem(StatusCodes.Status404NotFound, "BlobNotFound", $"Blob '{blobName}' was not found.");
        }

        return Results.File(path, "application/gzip", blobName);
    }

    private static async Task<ExportOperation> FindOwnAsync(HttpContext http, Task<ExportOperation?> find, string notFound)
    {
        var operation = await find ?? throw new ApiFaultException(CommerceErrors.NotFound.WithDescription(notFound));
        PermissionMatrix.Demand(http.GetCaller(), Permission(operation.Request.Kind));
        return operation;
    }

    private static PartnerOperation Permission(ExportKind kind) =>
        kind == ExportKind.BilledReconciliation ? PartnerOperation.ReadInvoices : PartnerOperation.ReadDailyRatedUsage;

    private static async Task<JsonElement> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        using var document = await JsonDocument.ParseAsync(http.Request.Body, default, ct);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.Clone()
            : throw ApiFaultException.InvalidField("body", "a JSON object is required.");
    }

    /// <summary>A string property (names match case-insensitively); null when absent or null and not required.</summary>
    private static string? Text(JsonElement body, string name, bool required)
    {
        foreach (var property in body.EnumerateObject())
        {
            if (!string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase) || property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw ApiFaultException.InvalidField(name, "must be a string.");
            }

            var text = property.Value.GetString()!.Trim();
            if (text.Length > 0)
            {
                return text;
            }
        }

        return required ? throw ApiFaultException.InvalidField(name, "is required.") : null;
    }

    private static string OneOf(JsonElement body, string name, string[] allowed, string? byDefault)
    {
        var text = Text(body, name, required: byDefault is null) ?? byDefault!;
        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw ApiFaultException.InvalidField(name, $"'{text}' is not one of {string.Join(", ", allowed)}.");
    }

    private static string Origin(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static string OperationUrl(HttpContext http, string id) => $"{Origin(http)}{BasePath}/operations/{id}";

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static IResult Gone(string message) => Problem(StatusCodes.Status410Gone, "resourceExpired",
        message + " Finished exports are kept for the configured retention (Exports:Retention); request a new export.");

    private static IResult Problem(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);
}
