using System.Globalization;
using System.Text;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Billing;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Api.Endpoints;

/// <summary><c>InvoiceDetail</c>: which line items an invoice has and where they are.</summary>
public sealed record InvoiceDetailDto(string InvoiceLineItemType, string BillingProvider, InvoiceLinksDto Links)
{
    public ResourceAttributes Attributes { get; init; } = new("InvoiceDetail");
}

/// <summary>The <c>links</c> of a single resource.</summary>
public sealed record InvoiceLinksDto(Link Self);

/// <summary><c>Invoice</c> (api.md §13.1): an issued G invoice.</summary>
public sealed record InvoiceDto(string Id, DateTimeOffset InvoiceDate, DateTimeOffset BillingPeriodStartDate, DateTimeOffset BillingPeriodEndDate,
    decimal TotalCharges, decimal PaidAmount, string CurrencyCode, string CurrencySymbol, string PdfDownloadLink, IReadOnlyList<object> TaxReceipts,
    IReadOnlyList<InvoiceDetailDto> InvoiceDetails, IReadOnlyList<InvoiceDto> Amendments, string DocumentType, string InvoiceType, InvoiceLinksDto Links)
{
    public ResourceAttributes Attributes { get; init; } = new("Invoice");
}

/// <summary>One invoice type's part of an <c>InvoiceSummary</c>.</summary>
public sealed record InvoiceSummaryDetailDto(string InvoiceType, InvoiceSummaryDto Summary);

/// <summary><c>InvoiceSummary</c> (api.md §13.2): the balance of one billing currency.</summary>
public sealed record InvoiceSummaryDto(decimal BalanceAmount, string CurrencyCode, string CurrencySymbol, DateTimeOffset? AccountingDate,
    DateTimeOffset? FirstInvoiceCreationDate, DateTimeOffset? LastPaymentDate, decimal LastPaymentAmount, DateTimeOffset? LatestInvoiceDate,
    IReadOnlyList<InvoiceSummaryDetailDto>? Details, InvoiceLinksDto? Links)
{
    public ResourceAttributes Attributes { get; init; } = new("InvoiceSummary");
}

/// <summary><c>EstimateLink</c>: where the unbilled estimates of a period are.</summary>
public sealed record EstimateLinkDto(string Type, string Title, string Description, string Period, Link Link)
{
    public ResourceAttributes Attributes { get; init; } = new("EstimateLink");
}

/// <summary>
/// Invoices (issued by the month close, <see cref="PeriodClose"/>) and their line items, unbilled line
/// items from server-side rating (<see cref="ServerRating"/>), summaries and estimate links. Invoices are
/// the caller's partner's only: another partner's invoice id answers 404 like an unknown one.
/// </summary>
public static class InvoicesEndpoints
{
    private static readonly string[] Providers = ["onetime", "one_time", "all", "azure", "office", "marketplace"];
    private static readonly string[] LineItemTypes = ["usagelineitems", "usage_line_items", "billinglineitems", "billing_line_items"];
    private static readonly string[] Periods = ["current", "previous"];
    private const int DefaultListSize = 200;
    private const int MaxListSize = 1000;

    public static RouteGroupBuilder MapInvoices(this RouteGroupBuilder v1)
    {
        v1.MapGet("/invoices", ListAsync);
        v1.MapGet("/invoices/summary", async (HttpContext http, InvoiceStore invoices, ServerRating rating, CancellationToken ct) =>
        {
            var summaries = await SummariesAsync(http, invoices, rating, ct);
            return TypedResults.Ok(summaries[0] with { Links = new InvoiceLinksDto(new Link("/invoices/summary")) });
        });
        v1.MapGet("/invoices/summaries", async (HttpContext http, InvoiceStore invoices, ServerRating rating, CancellationToken ct) =>
            TypedResults.Ok(new Collection<InvoiceSummaryDto>(await SummariesAsync(http, invoices, rating, ct))
            {
                Links = new CollectionLinks(new Link("/invoices/summaries")),
            }));
        v1.MapGet("/invoices/estimates/links", (string? currencyCode, HttpContext http) =>
        {
            PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.ReadInvoices);
            var currency = WireInput.Required(currencyCode, "currencyCode").ToUpperInvariant();
            return TypedResults.Ok(new Collection<EstimateLinkDto>(EstimateLinks(currency)) { Links = new CollectionLinks(new Link("/invoices/estimates/links")) });
        });
        v1.MapGet("/invoices/{invoiceId}", async (string invoiceId, HttpContext http, InvoiceStore invoices, CancellationToken ct) =>
        {
            var invoice = await FindAsync(http, invoices, invoiceId, PartnerOperation.ReadInvoices, ct);
            return TypedResults.Ok(ToDto(invoice));
        });
        v1.MapGet("/invoices/{invoiceId}/lineitems", LineItemsAsync);
        v1.MapGet("/invoices/{invoiceId}/lineitems/{provider}/{invoiceLineItemType}", LineItemsAsync);
        v1.MapGet("/invoices/{invoiceId}/focus", FocusAsync);
        return v1;
    }

    private static async Task<IResult> ListAsync(HttpContext http, InvoiceStore invoices, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadInvoices);
        var query = http.Request.Query;
        var size = ParseIndex(query["size"].FirstOrDefault(), "size", DefaultListSize, MaxListSize);
        if (size == 0)
        {
            throw ApiFaultException.InvalidField("size", $"'0' must be a whole number from 1 to {MaxListSize}.");
        }

        var offset = ParseIndex(query["offset"].FirstOrDefault(), "offset", 0, int.MaxValue);
        var filterText = query["filter"].FirstOrDefault();
        var (from, to) = InvoiceDateFilter.Parse(filterText);
        var filter = string.IsNullOrWhiteSpace(filterText) ? "" : "&filter=" + Uri.EscapeDataString(filterText);
        var (page, total) = await invoices.ListAsync(caller.PartnerId, from, to, offset, size, ct);
        Link? next = offset + page.Count < total ? new Link($"/invoices?size={size}&offset={offset + page.Count}{filter}") : null;
        Link? previous = offset > 0 ? new Link($"/invoices?size={size}&offset={Math.Max(0, offset - size)}{filter}") : null;
        return TypedResults.Ok(new Collection<InvoiceDto>(page.Select(ToDto).ToList())
        {
            Links = new CollectionLinks(new Link($"/invoices?size={size}&offset={offset}{filter}"), next, previous),
        });
    }

    /// <summary>The caller's invoice (any letter case, <c>OneTime-</c> form too) after the permission check; 404 when it has none by that id.</summary>
    internal static async Task<IssuedInvoice> FindAsync(HttpContext http, InvoiceStore invoices, string invoiceId, PartnerOperation operation, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, operation);
        return await invoices.FindAsync(caller.PartnerId, invoiceId, ct)
            ?? throw new ApiFaultException(CommerceErrors.NotFound.WithDescription($"Invoice '{invoiceId}' was not found."));
    }

    internal static InvoiceDto ToDto(IssuedInvoice invoice)
    {
        var start = new DateTimeOffset(invoice.Period.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(invoice.PeriodEnd.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var detailBase = $"/invoices/OneTime-{invoice.Id}/lineitems/OneTime";
        return new InvoiceDto(invoice.Id, invoice.InvoiceDate, start, end, invoice.Total, 0m, invoice.Currency, CurrencySymbols.Of(invoice.Currency),
            $"/invoices/{invoice.Id}/documents/statement", [],
            [
                new InvoiceDetailDto("billing_line_items", "one_time", new InvoiceLinksDto(new Link($"{detailBase}/BillingLineItems"))),
                new InvoiceDetailDto("usage_line_items", "marketplace", new InvoiceLinksDto(new Link($"{detailBase}/UsageLineItems"))),
            ],
            [], "invoice", "OneTime", new InvoiceLinksDto(new Link($"/invoices/{invoice.Id}")));
    }

    /// <summary>One summary per billing currency the partner is invoiced or rated in; the partner's own currency when it has neither.</summary>
    private static async Task<List<InvoiceSummaryDto>> SummariesAsync(HttpContext http, InvoiceStore invoices, ServerRating rating, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadInvoices);
        var inputs = await rating.CatchUpForReadAsync(ct);
        var all = await invoices.AllAsync(caller.PartnerId, ct);
        var currencies = all.Select(i => i.Currency)
            .Concat(inputs.Accounts.All.Where(a => a.PartnerId == caller.PartnerId).Select(a => a.BillingCurrency))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        if (currencies.Count == 0)
        {
            currencies.Add("USD");
        }

        return currencies.Select(currency =>
        {
            var issued = all.Where(i => string.Equals(i.Currency, currency, StringComparison.OrdinalIgnoreCase)).ToList();
            var balance = issued.Sum(i => i.Total);
            DateTimeOffset? first = issued.Count > 0 ? issued.Min(i => i.InvoiceDate) : null;
            DateTimeOffset? latest = issued.Count > 0 ? issued.Max(i => i.InvoiceDate) : null;
            var oneTime = new InvoiceSummaryDto(balance, currency, CurrencySymbols.Of(currency), latest, first, null, 0m, latest, null, null);
            return new InvoiceSummaryDto(balance, currency, CurrencySymbols.Of(currency), latest, first, null, 0m, latest,
                [new InvoiceSummaryDetailDto("OneTime", oneTime)], null);
        }).ToList();
    }

    private static List<EstimateLinkDto> EstimateLinks(string currency)
    {
        var links = new List<EstimateLinkDto>();
        foreach (var period in Periods)
        {
            var label = period == "current" ? "Current" : "Previous";
            links.Add(new EstimateLinkDto("daily_rated_usage", "Daily rated usage", $"Unbilled daily-rated usage of the {period} billing period.", label,
                new Link($"/invoices/unbilled/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&currencyCode={currency}&period={period}&size=2000")));
            links.Add(new EstimateLinkDto("non_consumption", "Reconciliation (recent activity)", $"Unbilled invoice reconciliation of the {period} billing period.", label,
                new Link($"/invoices/unbilled/lineitems?provider=onetime&invoiceLineItemType=billinglineitems&currencyCode={currency}&period={period}&size=2000")));
        }

        return links;
    }

    private static async Task LineItemsAsync(string invoiceId, HttpContext http, ServerRating rating, InvoiceStore invoices, UnbilledInvoiceRecon unbilledRecon,
        TimeProvider clock, CancellationToken ct)
    {
        var query = http.Request.Query;
        var routeValues = http.Request.RouteValues;
        var lineItemType = OneOf(routeValues["invoiceLineItemType"] as string ?? query["invoiceLineItemType"].FirstOrDefault(), "invoiceLineItemType", LineItemTypes);
        OneOf(routeValues["provider"] as string ?? query["provider"].FirstOrDefault(), "provider", Providers);
        var usage = lineItemType.StartsWith("usage", StringComparison.OrdinalIgnoreCase);
        var operation = usage ? PartnerOperation.ReadDailyRatedUsage : PartnerOperation.ReadInvoices;
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, operation);

        bool? pec = null;
        var pecText = query["hasPartnerEarnedCredit"].FirstOrDefault();
        if (!string.IsNullOrEmpty(pecText))
        {
            pec = bool.TryParse(pecText, out var b) ? b : throw ApiFaultException.InvalidField("hasPartnerEarnedCredit", $"'{pecText}' is not true or false.");
        }

        var size = ParseSize(query["size"].FirstOrDefault());
        var token = ContinuationToken(http);
        var (month, currency) = UnbilledScope(query, clock);
        var csv = WantsCsv(http.Request);

        if (!string.Equals(invoiceId, "unbilled", StringComparison.OrdinalIgnoreCase))
        {
            var invoice = await FindAsync(http, invoices, invoiceId, operation, ct);
            // An issued invoice's lines are stored as issued: nothing to catch up on, no reference data needed.
            var billed = new RatedLineQuery(caller.PartnerId, invoice.Period, invoice.Currency, pec, InvoiceNumber: invoice.Id);
            var billedWriter = new LineItemWriter(http, rating, null, billed, SelfPath(http));
            if (usage)
            {
                await (csv ? billedWriter.UsageCsvAsync(ct) : billedWriter.UsagePageAsync(size, token is null ? null : DecodeUsageToken(token), ct));
            }
            else
            {
                await (csv ? billedWriter.BilledReconCsvAsync(invoices, invoice.Id, ct)
                    : billedWriter.BilledReconPageAsync(invoices, invoice.Id, size, token is null ? 0 : DecodeOrdinalToken(token), ct));
            }

            return;
        }

        // A first page (or a download) catches rating up; a continuation page of usage lines reads them as
        // they are, so paging costs no catch-up per page. Recon names accounts and price rows: it needs the inputs.
        var inputs = !usage || token is null ? await rating.CatchUpForReadAsync(ct) : null;
        var lines = new RatedLineQuery(caller.PartnerId, month, currency, pec);

        var writer = new LineItemWriter(http, rating, inputs, lines, SelfPath(http));
        if (usage)
        {
            await (csv ? writer.UsageCsvAsync(ct) : writer.UsagePageAsync(size, token is null ? null : DecodeUsageToken(token), ct));
        }
        else
        {
            await (csv ? writer.InvoiceCsvAsync(unbilledRecon, ct) : writer.InvoicePageAsync(unbilledRecon, size, token is null ? null : DecodeText(token), ct));
        }
    }

    /// <summary>The request's path without <c>/v1</c>: links repeat the route form the caller used (query or path form).</summary>
    private static string SelfPath(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        return path.StartsWith("/v1/", StringComparison.OrdinalIgnoreCase) ? path[3..] : path;
    }

    private static string? ContinuationToken(HttpContext http)
    {
        var seek = http.Request.Query["seekOperation"].FirstOrDefault();
        if (string.IsNullOrEmpty(seek))
        {
            return null;
        }

        if (!string.Equals(seek, "Next", StringComparison.OrdinalIgnoreCase))
        {
            throw ApiFaultException.InvalidField("seekOperation", $"'{seek}' is not supported; use Next with the MS-ContinuationToken header.");
        }

        var token = http.Request.Headers["MS-ContinuationToken"].FirstOrDefault();
        return string.IsNullOrEmpty(token)
            ? throw ApiFaultException.InvalidField("MS-ContinuationToken", "seekOperation=Next needs the MS-ContinuationToken header.")
            : token;
    }

    private static long DecodeOrdinalToken(string token) =>
        long.TryParse(DecodeText(token), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
            ? ordinal
            : throw ApiFaultException.InvalidField("MS-ContinuationToken", "The continuation token is not valid.");

    private static int ParseIndex(string? text, string field, int fallback, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? value
            : throw ApiFaultException.InvalidField(field, $"'{text}' must be a whole number from 0 to {max}.");
    }

    /// <summary>
    /// PlanCenter extension: daily-rated lines as FinOps FOCUS 1.2 CSV (docs/exports.md): the lines an issued
    /// invoice bills, or for <c>unbilled</c> the open period's (<c>period=current|previous</c>, optional <c>currencyCode</c>).
    /// </summary>
    private static async Task FocusAsync(string invoiceId, HttpContext http, ServerRating rating, InvoiceStore invoices, TimeProvider clock, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
        RatedLineQuery lines;
        if (!string.Equals(invoiceId, "unbilled", StringComparison.OrdinalIgnoreCase))
        {
            var invoice = await FindAsync(http, invoices, invoiceId, PartnerOperation.ReadDailyRatedUsage, ct);
            lines = new RatedLineQuery(caller.PartnerId, invoice.Period, invoice.Currency, null, InvoiceNumber: invoice.Id);
        }
        else
        {
            var (month, currency) = UnbilledScope(http.Request.Query, clock);
            lines = new RatedLineQuery(caller.PartnerId, month, currency, null);
        }

        var inputs = await rating.CatchUpForReadAsync(ct);
        await new LineItemWriter(http, rating, inputs, lines, $"/invoices/{invoiceId}/focus").FocusCsvAsync(ct);
    }

    /// <summary>
    /// The billing period an unbilled request reads (<c>period=current|previous</c>, current by default, on the
    /// instance clock) and its currency filter (none when empty).
    /// </summary>
    private static (DateOnly Month, string? Currency) UnbilledScope(IQueryCollection query, TimeProvider clock)
    {
        var periodText = query["period"].FirstOrDefault();
        var period = string.IsNullOrEmpty(periodText) ? "current" : OneOf(periodText, "period", Periods);
        var month = BillingCalendar.PeriodAt(clock.GetUtcNow()).AddMonths(string.Equals(period, "previous", StringComparison.OrdinalIgnoreCase) ? -1 : 0);
        var currency = query["currencyCode"].FirstOrDefault()?.Trim();
        return (month, string.IsNullOrEmpty(currency) ? null : currency);
    }

    private static bool WantsCsv(HttpRequest request) =>
        string.Equals(request.Query["format"].FirstOrDefault(), "csv", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.Any(a => a is not null && a.Contains("text/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>The token of a seek key: base64url of its four parts.</summary>
    internal static string EncodeToken(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeText(string token)
    {
        try
        {
            var text = token.Replace('-', '+').Replace('_', '/');
            text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            throw ApiFaultException.InvalidField("MS-ContinuationToken", "The continuation token is not valid.");
        }
    }

    private static RatedLineKey DecodeUsageToken(string token)
    {
        var parts = DecodeText(token).Split('\n');
        return parts.Length == 4
            ? new RatedLineKey(parts[0], parts[1], parts[2], parts[3])
            : throw ApiFaultException.InvalidField("MS-ContinuationToken", "The continuation token is not valid.");
    }

    private static int ParseSize(string? text)
    {
        const int Max = 2000;
        if (string.IsNullOrEmpty(text))
        {
            return Max;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size > Max)
        {
            throw ApiFaultException.InvalidField("size", $"'{text}' must be a whole number from 0 to {Max}.");
        }

        return size == 0 ? Max : size;
    }

    private static string OneOf(string? value, string field, string[] allowed)
    {
        var text = WireInput.Required(value, field);
        return allowed.Contains(text, StringComparer.OrdinalIgnoreCase)
            ? text
            : throw ApiFaultException.InvalidField(field, $"'{text}' is not one of {string.Join(", ", allowed)}.");
    }
}
