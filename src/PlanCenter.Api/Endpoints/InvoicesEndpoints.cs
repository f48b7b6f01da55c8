using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Domain.Partners;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// Invoices and unbilled line items. Rating and the month close are not built yet, so these answer
/// valid empty collections in the exact shapes the SDK parses; the query is still validated.
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
        v1.MapGet("/invoices/{invoiceId}/lineitems", (string invoiceId, HttpContext http) =>
        {
            var query = http.Request.Query;
            var lineItemType = OneOf(query["invoiceLineItemType"].FirstOrDefault(), "invoiceLineItemType", LineItemTypes);
            OneOf(query["provider"].FirstOrDefault(), "provider", Providers);
            var operation = lineItemType.StartsWith("usage", StringComparison.OrdinalIgnoreCase) ? PartnerOperation.ReadDailyRatedUsage : PartnerOperation.ReadInvoices;
            PermissionMatrix.Demand(http.GetCaller(), operation);
            if (!string.Equals(invoiceId, "unbilled", StringComparison.OrdinalIgnoreCase))
            {
                throw new ApiFaultException(Domain.Primitives.CommerceErrors.NotFound.WithDescription($"Invoice '{invoiceId}' was not found."));
            }

            OneOf(query["period"].FirstOrDefault() ?? "current", "period", Periods);
            return TypedResults.Ok(new Collection<object>([]) { Links = new CollectionLinks(new Link($"/invoices/unbilled/lineitems{http.Request.QueryString}")) });
        });
        return v1;
    }

    private static string OneOf(string? value, string field, string[] allowed)
    {
        var text = WireInput.Required(value, field);
        return allowed.Contains(text, StringComparer.OrdinalIgnoreCase)
            ? text
            : throw ApiFaultException.InvalidField(field, $"'{text}' is not one of {string.Join(", ", allowed)}.");
    }
}
