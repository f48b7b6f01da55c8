using System.Globalization;
using System.Text;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Domain.Partners;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// Invoices and unbilled line items. Unbilled daily-rated usage and unbilled invoice recon come from
/// server-side rating (<see cref="ServerRating"/>); billed invoices (month close) are not built yet, so
/// the invoice list is empty and a billed invoice id is 404.
/// </summary>
public static class InvoicesEndpoints
{
    private static readonly string[] Providers = ["onetime", "one_time", "all", "azure", "office", "marketplace"];
    private static readonly string[] LineItemTypes = ["usagelineitems", "usage_line_items", "billinglineitems", "billing_line_items"];
    private static readonly string[] Periods = ["current", "previous"];

    public static RouteGroupBuilder MapInvoices(this RouteGroupBuilder v1)
    {
        v1.MapGet("/invoices", (HttpContext http) =>
        {
            PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.ReadInvoices);
            return TypedResults.Ok(new Collection<object>([]) { Links = new CollectionLinks(new Link("/invoices")) });
        });
        v1.MapGet("/invoices/{invoiceId}/lineitems", LineItemsAsync);
        v1.MapGet("/invoices/{invoiceId}/focus", FocusAsync);
        return v1;
    }

    private static async Task LineItemsAsync(string invoiceId, HttpContext http, ServerRating rating, TimeProvider clock, CancellationToken ct)
    {
        var query = http.Request.Query;
        var lineItemType = OneOf(query["invoiceLineItemType"].FirstOrDefault(), "invoiceLineItemType", LineItemTypes);
        OneOf(query["provider"].FirstOrDefault(), "provider", Providers);
        var usage = lineItemType.StartsWith("usage", StringComparison.OrdinalIgnoreCase);
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, usage ? PartnerOperation.ReadDailyRatedUsage : PartnerOperation.ReadInvoices);
        if (!string.Equals(invoiceId, "unbilled", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiFaultException(Domain.Primitives.CommerceErrors.NotFound.WithDescription($"Invoice '{invoiceId}' was not found."));
        }

        var periodText = query["period"].FirstOrDefault();
        var period = string.IsNullOrEmpty(periodText) ? "current" : OneOf(periodText, "period", Periods);
        var now = clock.GetUtcNow().UtcDateTime;
        var month = new DateOnly(now.Year, now.Month, 1);
        if (string.Equals(period, "previous", StringComparison.OrdinalIgnoreCase))
        {
            month = month.AddMonths(-1);
        }

        var currency = query["currencyCode"].FirstOrDefault()?.Trim();
        bool? pec = null;
        var pecText = query["hasPartnerEarnedCredit"].FirstOrDefault();
        if (!string.IsNullOrEmpty(pecText))
        {
            pec = bool.TryParse(pecText, out var b) ? b : throw ApiFaultException.InvalidField("hasPartnerEarnedCredit", $"'{pecText}' is not true or false.");
        }

        var size = ParseSize(query["size"].FirstOrDefault());
        string? token = null;
        var seek = query["seekOperation"].FirstOrDefault();
        if (!string.IsNullOrEmpty(seek))
        {
            if (!string.Equals(seek, "Next", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiFaultException.InvalidField("seekOperation", $"'{seek}' is not supported; use Next with the MS-ContinuationToken header.");
            }

            token = http.Request.Headers["MS-ContinuationToken"].FirstOrDefault();
            if (string.IsNullOrEmpty(token))
            {
                throw ApiFaultException.InvalidField("MS-ContinuationToken", "seekOperation=Next needs the MS-ContinuationToken header.");
            }
        }

        var inputs = await rating.CatchUpAsync(ct);
        var lines = new RatedLineQuery(caller.PartnerId, month, string.IsNullOrEmpty(currency) ? null : currency, pec);
        var csv = WantsCsv(http.Request);
        var writer = new UnbilledLineItemWriter(http, rating, inputs, lines);
        if (usage)
        {
            if (csv)
            {
                await writer.UsageCsvAsync(ct);
            }
            else
            {
                await writer.UsagePageAsync(size, token is null ? null : DecodeUsageToken(token), ct);
            }
        }
        else if (csv)
        {
            await writer.InvoiceCsvAsync(ct);
        }
        else
        {
            await writer.InvoicePageAsync(size, token is null ? null : DecodeText(token), ct);
        }
    }

    /// <summary>
    /// PlanCenter extension: the daily-rated lines as FinOps FOCUS 1.2 CSV (docs/exports.md), unbilled
    /// (<c>period=current|previous</c>, optional <c>currencyCode</c>); billed invoices do not exist yet (404).
    /// </summary>
    private static async Task FocusAsync(string invoiceId, HttpContext http, ServerRating rating, TimeProvider clock, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
        if (!string.Equals(invoiceId, "unbilled", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiFaultException(Domain.Primitives.CommerceErrors.NotFound.WithDescription($"Invoice '{invoiceId}' was not found."));
        }

        var query = http.Request.Query;
        var periodText = query["period"].FirstOrDefault();
        var period = string.IsNullOrEmpty(periodText) ? "current" : OneOf(periodText, "period", Periods);
        var now = clock.GetUtcNow().UtcDateTime;
        var month = new DateOnly(now.Year, now.Month, 1).AddMonths(string.Equals(period, "previous", StringComparison.OrdinalIgnoreCase) ? -1 : 0);
        var currency = query["currencyCode"].FirstOrDefault()?.Trim();
        var inputs = await rating.CatchUpAsync(ct);
        var lines = new RatedLineQuery(caller.PartnerId, month, string.IsNullOrEmpty(currency) ? null : currency, null);
        await new UnbilledLineItemWriter(http, rating, inputs, lines).FocusCsvAsync(ct);
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
