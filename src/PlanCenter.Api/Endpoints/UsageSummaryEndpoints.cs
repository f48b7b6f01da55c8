using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PlanCenter.Api.Infrastructure;
using PlanCenter.Domain.Billing.Budgets;
using PlanCenter.Storage;
using PlanCenter.Storage.Budgets;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Api.Endpoints;

/// <summary><c>CustomerUsageSummary</c> / <c>SubscriptionUsageSummary</c> (api.md §15.2).</summary>
public sealed record UsageSummaryDto(string ResourceId, string? ResourceName, DateTimeOffset BillingStartDate, DateTimeOffset BillingEndDate,
    decimal TotalCost, string CurrencyCode, decimal UsdTotalCost, DateTimeOffset LastModifiedDate, SpendingBudgetDto? Budget, CollectionLinks Links, ResourceAttributes Attributes);

/// <summary>
/// <c>PartnerUsageSummary</c> (api.md §15.2): the partner's month-to-date spend over all customers, who budget
/// alerts are e-mailed to, and how many budgets are exceeded (<c>customersOverBudget</c>) or at 80–100 %
/// (<c>customersTrendingOver</c>).
/// </summary>
public sealed record PartnerUsageSummaryDto(string ResourceId, string? ResourceName, DateTimeOffset BillingStartDate, DateTimeOffset BillingEndDate,
    decimal TotalCost, string CurrencyCode, decimal UsdTotalCost, DateTimeOffset LastModifiedDate, IReadOnlyList<string> EmailsToNotify, int CustomersOverBudget,
    int CustomersTrendingOver, int CustomersWithUsageBasedSubscription, CollectionLinks Links)
{
    public ResourceAttributes Attributes { get; init; } = new("PartnerUsageSummary");
}

/// <summary><c>MeterUsageRecord</c> (api.md §15.3).</summary>
public sealed record MeterUsageRecordDto(string SubscriptionId, string MeterId, string? MeterName, string? Category, string? Subcategory, decimal QuantityUsed,
    string? Unit, decimal TotalCost, string CurrencyCode, decimal UsdTotalCost, DateTimeOffset LastModifiedDate)
{
    public string ResourceId => MeterId;
    public string? ResourceName => MeterName;
    public ResourceAttributes Attributes { get; init; } = new("MeterUsageRecord");
}

/// <summary><c>ResourceUsageRecord</c> (api.md §15.3).</summary>
public sealed record ResourceUsageRecordDto(string SubscriptionId, string ResourceUri, string ResourceId, string ResourceName, string? ResourceType,
    string EntitlementId, string? EntitlementName, string? ResourceGroupName, decimal TotalCost, string CurrencyCode, decimal UsdTotalCost, DateTimeOffset LastModifiedDate)
{
    public ResourceAttributes Attributes { get; init; } = new("ResourceUsageRecord");
}

/// <summary>
/// Month-to-date usage summaries of domain.md §8 from the rated lines of the open period: customer and plan
/// summaries, and a plan's usage by meter and by resource. Estimates (unbilled), in the partner's currency.
/// </summary>
public static class UsageSummaryEndpoints
{
    public static RouteGroupBuilder MapUsageSummaries(this RouteGroupBuilder v1)
    {
        v1.MapGet("/customers/{customerId}/usagesummary", async (string customerId, HttpContext http, ICommerceStore store, ServerRating rating, TimeProvider clock,
            SpendingBudgetStore budgets, CancellationToken ct) =>
        {
            var (caller, customer, month, lines, currency) = await LoadAsync(http, store, rating, clock, customerId, null, ct);
            var found = await store.FindCustomerAsync(caller.PartnerId, customer, ct);
            var budget = await budgets.FindAsync(caller.PartnerId, customer, ct);
            return TypedResults.Ok(Summary(customer.ToString(), found?.CompanyName, month, lines, currency, clock, SpendingBudgetEndpoints.Budget(customer, budget?.Amount),
                $"/customers/{customerId}/usagesummary", "CustomerUsageSummary"));
        });
        v1.MapGet("/usagesummary", PartnerSummaryAsync);
        v1.MapGet("/customers/{customerId}/subscriptions/{planId}/usagesummary", async (string customerId, string planId, HttpContext http, ICommerceStore store,
            ServerRating rating, TimeProvider clock, CancellationToken ct) =>
        {
            var (_, _, month, lines, currency) = await LoadAsync(http, store, rating, clock, customerId, planId, ct);
            return TypedResults.Ok(Summary(planId, "Azure plan", month, lines, currency, clock, null,
                $"/customers/{customerId}/subscriptions/{planId}/usagesummary", "SubscriptionUsageSummary"));
        });
        v1.MapGet("/customers/{customerId}/subscriptions/{planId}/meterusagerecords", async (string customerId, string planId, HttpContext http, ICommerceStore store,
            ServerRating rating, TimeProvider clock, CancellationToken ct) =>
        {
            var (_, _, _, lines, currency) = await LoadAsync(http, store, rating, clock, customerId, planId, ct);
            var now = clock.GetUtcNow();
            var items = lines.GroupBy(l => $"{l.Period.Descriptor.ProductId}-{l.Period.Descriptor.SkuId}-{l.Period.Descriptor.MeterName}", StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var price = g.First().Period.Descriptor;
                    return new MeterUsageRecordDto(planId, g.Key, price.MeterName, price.MeterCategory, price.MeterSubCategory, g.Sum(l => l.Quantity), price.UnitOfMeasure,
                        g.Sum(l => l.BillingPreTaxTotal), currency, g.Sum(l => l.PricingPreTaxTotal), now);
                }).ToList();
            return TypedResults.Ok(new Collection<MeterUsageRecordDto>(items) { Links = new CollectionLinks(new Link($"/customers/{customerId}/subscriptions/{planId}/meterusagerecords")) });
        });
        v1.MapGet("/customers/{customerId}/subscriptions/{planId}/resourceusagerecords", async (string customerId, string planId, HttpContext http, ICommerceStore store,
            ServerRating rating, TimeProvider clock, CancellationToken ct) =>
        {
            var (_, _, _, lines, currency) = await LoadAsync(http, store, rating, clock, customerId, planId, ct);
            var now = clock.GetUtcNow();
            var items = lines.GroupBy(l => l.Usage.ResourceUri, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key.ToLowerInvariant(), StringComparer.Ordinal)
                .Select(g =>
                {
                    var latest = g.MaxBy(l => (l.Usage.LatestUsageStartAt, l.Usage.LatestUsageRecordId))!;
                    var uri = latest.Usage.ResourceUri;
                    return new ResourceUsageRecordDto(planId, uri, uri, uri[(uri.LastIndexOf('/') + 1)..], latest.Usage.ConsumedService,
                        latest.Usage.EntitlementId.ToString(), latest.Account.EntitlementDescription, latest.ResourceGroup,
                        g.Sum(l => l.BillingPreTaxTotal), currency, g.Sum(l => l.PricingPreTaxTotal), now);
                }).ToList();
            return TypedResults.Ok(new Collection<ResourceUsageRecordDto>(items) { Links = new CollectionLinks(new Link($"/customers/{customerId}/subscriptions/{planId}/resourceusagerecords")) });
        });
        return v1;
    }

    private static async Task<Ok<PartnerUsageSummaryDto>> PartnerSummaryAsync(HttpContext http, ICommerceStore store, ServerRating rating, TimeProvider clock,
        BudgetAlertEvaluator budgets, CommerceDbContext db, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
        var partner = (await store.FindPartnerAsync(caller.PartnerId, ct)).OrThrow(CommerceErrors.NotFound);
        var month = BillingCalendar.PeriodAt(clock.GetUtcNow());
        var inputs = await rating.CatchUpForReadAsync(ct);
        decimal total = 0m, usdTotal = 0m;
        await foreach (var line in rating.ReadAsync(inputs, new RatedLineQuery(caller.PartnerId, month, null, null), null, 0, ct))
        {
            total += line.BillingPreTaxTotal;
            usdTotal += line.PricingPreTaxTotal;
        }

        var statuses = await budgets.StatusesAsync(caller.PartnerId, ct);
        var emails = (await BudgetAlertMailer.RecipientsAsync(db, caller.PartnerId, ct)).Select(u => u.Email).ToList();
        var withPlans = await db.AzurePlans.AsNoTracking().Where(p => p.PartnerId == caller.PartnerId).Select(p => p.CustomerId).Distinct().CountAsync(ct);
        return TypedResults.Ok(new PartnerUsageSummaryDto(partner.Id.ToString(), partner.Name, UtcText.StartOfDay(month),
            UtcText.StartOfDay(month.AddMonths(1)).AddTicks(-1), total, partner.BillingCurrency, usdTotal, clock.GetUtcNow(), emails,
            statuses.Count(s => s.Standing == BudgetStanding.OverBudget), statuses.Count(s => s.Standing == BudgetStanding.TrendingOver), withPlans,
            new CollectionLinks(new Link("/usagesummary"))));
    }

    private static UsageSummaryDto Summary(string id, string? name, DateOnly month, List<RatedUsageLine> lines, string currency, TimeProvider clock,
        SpendingBudgetDto? budget, string self, string objectType) =>
        new(id, name, UtcText.StartOfDay(month), UtcText.StartOfDay(month.AddMonths(1)).AddTicks(-1), lines.Sum(l => l.BillingPreTaxTotal), currency,
            lines.Sum(l => l.PricingPreTaxTotal), clock.GetUtcNow(), budget, new CollectionLinks(new Link(self)), new ResourceAttributes(objectType));

    private static async Task<(Caller Caller, CustomerId Customer, DateOnly Month, List<RatedUsageLine> Lines, string Currency)> LoadAsync(HttpContext http,
        ICommerceStore store, ServerRating rating, TimeProvider clock, string customerId, string? planId, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
        var customer = WireInput.Id<CustomerId>(customerId, "customerId");
        SubscriptionId? plan = planId is null ? null : WireInput.Id<SubscriptionId>(planId, "subscriptionId");
        if (plan is { } p ? await store.FindPlanAsync(caller.PartnerId, customer, p, ct) is null : await store.FindCustomerAsync(caller.PartnerId, customer, ct) is null)
        {
            throw new ApiFaultException(CommerceErrors.NotFound.WithDescription(plan is null ? $"Customer '{customerId}' was not found." : $"Subscription '{planId}' was not found."));
        }

        var month = BillingCalendar.PeriodAt(clock.GetUtcNow());
        var inputs = await rating.CatchUpForReadAsync(ct);
        var lines = new List<RatedUsageLine>();
        await foreach (var line in rating.ReadAsync(inputs, new RatedLineQuery(caller.PartnerId, month, null, null, customer, plan), null, 0, ct))
        {
            lines.Add(line);
        }

        var partner = await store.FindPartnerAsync(caller.PartnerId, ct);
        return (caller, customer, month, lines, partner?.BillingCurrency ?? "USD");
    }
}
