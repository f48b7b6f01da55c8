using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Pricing;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Pricing;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// The price sheet and FX downloads of Partner Center's pricing host (api.md §12.1, domain.md §5), in their
/// OData key syntax (<c>pricesheets(Market='US',PricesheetView='azure_consumption')/$value</c>, read from a
/// catch-all route because the key is part of the segment), and PlanCenter's import route for Global admins.
/// See docs/pricing.md.
/// </summary>
public static partial class PricingEndpoints
{
    /// <summary>The largest file accepted by <c>POST /v1/pricing/imports</c>.</summary>
    public const long MaxImportBytes = 1L << 30;

    [GeneratedRegex(@"^pricesheets\(\s*Market\s*=\s*'(?<market>[^']*)'\s*,\s*PricesheetView\s*=\s*'(?<view>[^']*)'\s*\)/\$value$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PriceSheetPath();

    [GeneratedRegex(@"^fxrates(\(\s*Month\s*=\s*'(?<month>[^']*)'\s*\))?/\$value$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FxRatesPath();

    public static WebApplication MapPricing(this WebApplication app)
    {
        app.MapGet("/v1.0/sales/{*rest}", SalesAsync).RequireAuthorization().ExcludeFromDescription();
        var v1 = app.MapGroup("/v1/pricing").RequireAuthorization();
        v1.MapPost("/imports", ImportAsync);
        v1.MapGet("/meters/{meterId}", MeterAsync);
        return app;
    }

    private static async Task SalesAsync(string? rest, HttpContext http, PriceListStore prices, FxRateStore fx, TimeProvider clock)
    {
        PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.ReadPriceSheet);
        var path = rest ?? string.Empty;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var sheet = PriceSheetPath().Match(path);
        if (sheet.Success)
        {
            await PriceSheetAsync(http, prices, sheet.Groups["market"].Value, sheet.Groups["view"].Value, today);
            return;
        }

        var fxMatch = FxRatesPath().Match(path);
        if (fxMatch.Success)
        {
            var month = new DateOnly(today.Year, today.Month, 1);
            if (fxMatch.Groups["month"].Success && !UtcText.TryParseMonth(fxMatch.Groups["month"].Value, out month))
            {
                throw ApiFaultException.InvalidField("Month", $"'{fxMatch.Groups["month"].Value}' is not a month (YYYYMM).");
            }

            await FxAsync(http, fx, month);
            return;
        }

        throw new ApiFaultException(CommerceErrors.NotFound.WithDescription($"No route matches GET /v1.0/sales/{path}."));
    }

    private static async Task PriceSheetAsync(HttpContext http, PriceListStore prices, string marketText, string view, DateOnly today)
    {
        var market = AzurePlanMarkets.Find(marketText)
            ?? throw ApiFaultException.InvalidField("Market", $"'{marketText}' is not a market where the Azure plan is sold.");
        var tag = view.ToLowerInvariant() switch
        {
            "azure_consumption" => PriceTags.Consumption,
            "azure_reservations" => PriceTags.Reservation,
            _ => throw ApiFaultException.InvalidField("PricesheetView", $"'{view}' is not supported; use azure_consumption or azure_reservations."),
        };

        var query = http.Request.Query;
        var timeline = (query["timeline"].FirstOrDefault() ?? "current").Trim().ToLowerInvariant();
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        DateOnly from;
        DateOnly to;
        switch (timeline)
        {
            case "current":
                (from, to) = (thisMonth, today);
                break;
            case "history":
                var monthText = query["month"].FirstOrDefault();
                if (monthText is null || monthText.Length != 6 || !UtcText.TryParseMonth(monthText, out from))
                {
                    throw ApiFaultException.InvalidField("month", $"timeline=history needs month=YYYYMM, not '{monthText}'.");
                }

                if (from > thisMonth)
                {
                    throw ApiFaultException.InvalidField("month", $"{monthText} is in the future; history covers past and current months.");
                }

                to = from.AddMonths(1).AddDays(-1);
                break;
            case "future":
                // Next month's list, when an import already takes effect then (Partner Center: 404 when nothing changes).
                (from, to) = (thisMonth.AddMonths(1), thisMonth.AddMonths(2).AddDays(-1));
                if (await prices.VersionForMonthAsync(from, http.RequestAborted) == await prices.VersionForMonthAsync(thisMonth, http.RequestAborted))
                {
                    throw new ApiFaultException(CommerceErrors.NotFound.WithDescription("There is no future price sheet: no import takes effect next month."));
                }

                break;
            default:
                throw ApiFaultException.InvalidField("timeline", $"'{timeline}' is not one of current, history, future.");
        }

        var version = await prices.VersionForMonthAsync(from, http.RequestAborted);
        var fileName = $"pricesheet_{market.Country}_{view.ToLowerInvariant()}_{from:yyyyMM}.csv";
        await using var body = StartDownload(http, fileName);
        await using (var csv = new CsvFieldWriter(body))
        {
            await prices.WriteSheetAsync(csv, version, market.Country, tag, from, to, http.RequestAborted);
        }
    }

    private static async Task FxAsync(HttpContext http, FxRateStore fx, DateOnly month)
    {
        var rates = await fx.ForMonthAsync(month, http.RequestAborted);
        await using var body = StartDownload(http, $"fxrates_{month:yyyyMM}.csv");
        await using var csv = new CsvFieldWriter(body);
        foreach (var column in FxCsvReader.Columns)
        {
            csv.Field(column);
        }

        await csv.EndRowAsync(http.RequestAborted);
        foreach (var rate in rates)
        {
            csv.Field(rate.CurrencyCode);
            csv.Field(DecimalText.Format(rate.UsdPerUnit));
            csv.Field(rate.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            await csv.EndRowAsync(http.RequestAborted);
        }
    }

    /// <summary>
    /// Sets the download headers and returns the body to write: compressed (zlib, <c>Content-Encoding:
    /// deflate</c>) when the client accepts deflate. Disposing it finishes the compressed stream.
    /// </summary>
    private static Stream StartDownload(HttpContext http, string fileName)
    {
        var response = http.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/octet-stream";
        response.Headers.ContentDisposition = $"attachment; filename={fileName}";
        var acceptsDeflate = http.Request.Headers.AcceptEncoding.Any(v => v is not null && v.Contains("deflate", StringComparison.OrdinalIgnoreCase));
        if (!acceptsDeflate)
        {
            return new NonClosingStream(response.Body);
        }

        response.Headers.ContentEncoding = "deflate";
        response.Headers.Vary = "Accept-Encoding";
        return new ZLibStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, PriceListStore prices, FxRateStore fx)
    {
        PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.ImportPriceList);
        var query = http.Request.Query;
        var kind = (query["kind"].FirstOrDefault() ?? "prices").Trim().ToLowerInvariant();
        if (kind is not ("prices" or "fx"))
        {
            throw ApiFaultException.InvalidField("kind", $"'{kind}' is not one of prices, fx.");
        }

        DateOnly? fromMonth = null;
        if (query["from"].FirstOrDefault() is { } fromText)
        {
            fromMonth = UtcText.TryParseMonth(fromText, out var parsed)
                ? parsed
                : throw ApiFaultException.InvalidField("from", $"'{fromText}' is not a month (yyyy-MM or yyyyMM).");
        }

        var contentType = http.Request.ContentType ?? string.Empty;
        // The format comes from the file name's extension, else the content type, else the first character.
        var fileName = query["fileName"].FirstOrDefault()
            ?? (contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? "upload.json"
                : contentType.Contains("csv", StringComparison.OrdinalIgnoreCase) ? "upload.csv" : "upload");
        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"plancenter-import-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxImportBytes;
        }

        await CopyLimitedAsync(http.Request.Body, file, http.RequestAborted);
        file.Position = 0;
        try
        {
            if (kind == "fx")
            {
                var count = await fx.ImportAsync(file, fileName, http.RequestAborted);
                return TypedResults.Json(new FxImportResponse("fx", count), WireJson.Options, statusCode: StatusCodes.Status201Created);
            }

            var head = new byte[64];
            var read = await file.ReadAsync(head, http.RequestAborted);
            file.Position = 0;
            var format = PriceListStore.Detect(fileName, head.AsSpan(0, read));
            var result = await Task.Run(() => prices.ImportAsync(file, format, fileName, fromMonth, null, http.RequestAborted), http.RequestAborted);
            return TypedResults.Json(new PriceImportResponse("prices", format == PriceFileFormat.RetailPricesJson ? "retail-json" : "csv", result.VersionId,
                result.FromMonth?.ToString("yyyy-MM", CultureInfo.InvariantCulture), result.Rows, result.Skipped.OtherTypes, result.Skipped.RepeatedListings), WireJson.Options, statusCode: StatusCodes.Status201Created);
        }
        catch (ImportRejectedException rejected)
        {
            var fault = new ApiFault(CommerceErrors.InvalidInput.Code, rejected.Message, [.. rejected.Errors]);
            return TypedResults.Json(fault, WireJson.Options, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    private static async Task<IResult> MeterAsync(string meterId, HttpContext http, PriceListStore prices, TimeProvider clock)
    {
        PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.ReadPriceSheet);
        if (!Guid.TryParse(meterId, out var meter))
        {
            throw ApiFaultException.InvalidField("meterId", $"'{meterId}' is not a GUID.");
        }

        var dayText = http.Request.Query["date"].FirstOrDefault();
        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (dayText is not null && !UtcText.TryParseDate(dayText, out day))
        {
            throw ApiFaultException.InvalidField("date", $"'{dayText}' is not a date (yyyy-MM-dd).");
        }

        var entry = await prices.FindMeterAsync(new MeterId(meter), day, http.RequestAborted)
            ?? throw new ApiFaultException(CommerceErrors.NotFound.WithDescription($"Meter {meterId} has no price on {day:yyyy-MM-dd}."));
        return TypedResults.Ok(new MeterResponse(entry.MeterId.ToString(), entry.MeterName, entry.ProductId, entry.SkuId, entry.AvailabilityId,
            entry.ProductTitle, entry.SkuTitle, entry.UnitOfMeasure, entry.PricingBlockSize, entry.DistinctUnits, entry.MeterCategory,
            entry.MeterSubCategory, entry.ServiceCategory, entry.MeterRegion, entry.RegionId, entry.RegionName, PriceTagText.Format(entry.Tags)));
    }

    private static async Task CopyLimitedAsync(Stream source, Stream target, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > MaxImportBytes)
            {
                throw new RequestBodyTooLargeException(MaxImportBytes);
            }

            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
    }

    private sealed record PriceImportResponse(string Kind, string Format, long VersionId, string? FromMonth, int Rows, int SkippedOtherTypes, int RepeatedListings);

    private sealed record FxImportResponse(string Kind, int Rates);

    private sealed record MeterResponse(string MeterId, string? MeterName, string? ProductId, string? SkuId, string? AvailabilityId,
        string? ProductTitle, string? SkuTitle, string? UnitOfMeasure, decimal? PricingBlockSize, string? DistinctUnits, string? MeterCategory,
        string? MeterSubCategory, string? ServiceCategory, string? MeterRegion, string? RegionId, string? RegionName, string Tags);

    /// <summary>The response body without closing it when the writer is done (the server owns it).</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);
    }
}
