using System.Net;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// The partner's own organisation profile (PowerShell's Connect-PartnerCenter reads it) and the page a
/// customer's admin opens from a reseller relationship request to restore the relationship.
/// </summary>
public static class PartnerEndpoints
{
    public static RouteGroupBuilder MapPartner(this RouteGroupBuilder v1)
    {
        v1.MapGet("/profiles/organization", async (HttpContext http, ICommerceStore store, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            var partner = await store.FindPartnerAsync(caller.PartnerId, ct) ?? throw new CommerceRuleException(CommerceErrors.AccessDenied);
            var market = AzurePlanMarkets.Find(partner.Country);
            return TypedResults.Ok(new
            {
                id = partner.Id.ToString(),
                companyName = partner.Name,
                defaultAddress = new AddressDto { Country = partner.Country },
                tenantId = partner.Id.ToString(),
                culture = "en-US",
                language = "en",
                mpnId = partner.MpnId,
                billingCurrency = partner.BillingCurrency,
                market = market?.Market,
                profileType = "OrganizationProfile",
                links = new ResourceLinksDto { Self = new Link("/profiles/organization") },
                attributes = new ResourceAttributes("OrganizationProfile", "1"),
            });
        });
        return v1;
    }

    /// <summary>
    /// <c>GET /invitations/reseller?partnerId=…</c> shows the acceptance form; <c>POST</c> with the customer
    /// tenant id restores the reseller relationship of a customer record that partner holds. This stands in
    /// for the Microsoft 365 admin center page of a relationship request.
    /// </summary>
    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        app.MapGet("/invitations/reseller", async (string? partnerId, ICommerceStore store, CancellationToken ct) =>
        {
            if (!TypedId.TryParse<PartnerTenantId>(partnerId, out var id) || await store.FindPartnerAsync(id, ct) is not { } partner)
            {
                return Results.Content(Page("Invitation not found", "<p>This link does not name a partner of this PlanCenter.</p>"), "text/html", statusCode: 404);
            }

            var form = $"""
                <p><strong>{WebUtility.HtmlEncode(partner.Name)}</strong> asks to be your reseller (Cloud Solution Provider).</p>
                <form method="post">
                  <input type="hidden" name="partnerId" value="{partner.Id}">
                  <label>Your tenant id (customer id) <input name="customerTenantId" required size="40"></label>
                  <button type="submit">Accept</button>
                </form>
                """;
            return Results.Content(Page("Accept reseller relationship", form), "text/html");
        }).ExcludeFromDescription();

        app.MapPost("/invitations/reseller", async (HttpContext http, ICommerceStore store, CancellationToken ct) =>
        {
            var form = await http.Request.ReadFormAsync(ct);
            if (!TypedId.TryParse<PartnerTenantId>(form["partnerId"], out var partnerId)
                || !TypedId.TryParse<CustomerId>(form["customerTenantId"], out var customerId)
                || await store.FindCustomerAsync(partnerId, customerId, ct) is not { } customer)
            {
                return Results.Content(Page("Not accepted", "<p>No customer with that tenant id is known to this partner.</p>"), "text/html", statusCode: 400);
            }

            customer.AcceptRelationship();
            await store.SaveChangesAsync(ct);
            return Results.Content(Page("Accepted", $"<p>{WebUtility.HtmlEncode(customer.CompanyName)} now has a reseller relationship with this partner.</p>"), "text/html");
        }).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static string Page(string title, string body) =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>";
}
