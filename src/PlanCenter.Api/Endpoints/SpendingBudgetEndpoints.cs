using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Budgets;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// A customer's spending budget (api.md §15.1, domain.md §8) and the alerts it raises (a PlanCenter
/// extension: <c>…/usagebudget/alerts</c>). Reading needs the right to read the usage the budget is compared
/// with; setting, changing and removing needs <see cref="PartnerOperation.ManageSpendingBudget"/>. Both accept
/// app-only tokens. See docs/budgets.md.
/// </summary>
public static class SpendingBudgetEndpoints
{
    /// <summary>The largest budget accepted, in the partner's currency.</summary>
    public const decimal MaxAmount = 999_999_999_999.99m;

    public static RouteGroupBuilder MapSpendingBudgets(this RouteGroupBuilder v1)
    {
        v1.MapGet("/customers/{customerId}/usagebudget", GetAsync);
        v1.MapPatch("/customers/{customerId}/usagebudget", PatchAsync);
        v1.MapGet("/customers/{customerId}/usagebudget/alerts", CustomerAlertsAsync);
        v1.MapGet("/usagebudget/alerts", PartnerAlertsAsync);
        return v1;
    }

    private static async Task<Ok<SpendingBudgetDto>> GetAsync(string customerId, HttpContext http, ICommerceStore store, SpendingBudgetStore budgets,
        CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
        var customer = await FindCustomerAsync(store, caller, customerId, ct);
        var budget = await budgets.FindAsync(caller.PartnerId, customer, ct);
        return TypedResults.Ok(Budget(customer, budget?.Amount));
    }

    private static async Task<Ok<SpendingBudgetDto>> PatchAsync(string customerId, SpendingBudgetPatchDto? body, HttpContext http, ICommerceStore store,
        SpendingBudgetStore budgets, TimeProvider clock, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ManageSpendingBudget);
        var customer = await FindCustomerAsync(store, caller, customerId, ct);
        var amount = Amount(WireInput.Body(body).Amount);
        var partner = (await store.FindPartnerAsync(caller.PartnerId, ct)).OrThrow(CommerceErrors.NotFound);
        await budgets.SetAsync(caller.PartnerId, customer, amount, partner.BillingCurrency, clock.GetUtcNow(), ct);
        return TypedResults.Ok(Budget(customer, amount));
    }

    private static async Task<Ok<Collection<SpendingBudgetAlertDto>>> CustomerAlertsAsync(string customerId, HttpContext http, ICommerceStore store,
        SpendingBudgetStore budgets, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
        var customer = await FindCustomerAsync(store, caller, customerId, ct);
        var alerts = await budgets.ListAlertsAsync(caller.PartnerId, customer, ct);
        return TypedResults.Ok(Alerts(alerts, $"/customers/{customer}/usagebudget/alerts"));
    }

    private static async Task<Ok<Collection<SpendingBudgetAlertDto>>> PartnerAlertsAsync(HttpContext http, SpendingBudgetStore budgets, CancellationToken ct)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
        var alerts = await budgets.ListAlertsAsync(caller.PartnerId, null, ct);
        return TypedResults.Ok(Alerts(alerts, "/usagebudget/alerts"));
    }

    /// <summary>The wire form of a customer's budget (null amount: no budget).</summary>
    public static SpendingBudgetDto Budget(CustomerId customer, decimal? amount) =>
        new(amount) { Links = new ResourceLinksDto { Self = new Link($"/customers/{customer}/usagebudget") } };

    /// <summary>Checks a requested amount: null removes the budget; otherwise 0 to <see cref="MaxAmount"/> with at most 2 decimals.</summary>
    private static decimal? Amount(decimal? amount)
    {
        if (amount is not { } value)
        {
            return null;
        }

        if (value < 0m)
        {
            throw ApiFaultException.InvalidField("amount", $"{value.ToString(CultureInfo.InvariantCulture)} is negative; a budget is 0 or more (null removes it).");
        }

        if (value > MaxAmount)
        {
            throw ApiFaultException.InvalidField("amount", $"{value.ToString(CultureInfo.InvariantCulture)} is larger than {MaxAmount.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (value.Scale > 2 && value != Math.Round(value, 2, MidpointRounding.AwayFromZero))
        {
            throw ApiFaultException.InvalidField("amount", $"{value.ToString(CultureInfo.InvariantCulture)} has more than 2 decimals.");
        }

        return value;
    }

    private static async Task<CustomerId> FindCustomerAsync(ICommerceStore store, Caller caller, string customerId, CancellationToken ct)
    {
        var id = WireInput.Id<CustomerId>(customerId, "customerId");
        _ = (await store.FindCustomerAsync(caller.PartnerId, id, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        return id;
    }

    private static Collection<SpendingBudgetAlertDto> Alerts(IEnumerable<SpendingBudgetAlert> alerts, string self) =>
        new([.. alerts.Select(a => new SpendingBudgetAlertDto(a.Id.ToString("D"), a.Customer.ToString(), a.Period, a.QueuedAt, a.Spend, a.Budget, a.Currency,
            a.PercentUsed, SpendingBudgetStore.StatusText(a.Delivery), a.DeliveryAttempts, a.SentAt, a.LastError))])
        {
            Links = new CollectionLinks(new Link(self)),
        };
}
