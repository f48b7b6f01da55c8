using Microsoft.AspNetCore.Http.HttpResults;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Plans;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Endpoints;

/// <summary>The Azure plan subscription and its Azure entitlements (api.md §9).</summary>
public static class SubscriptionsEndpoints
{
    public static RouteGroupBuilder MapSubscriptions(this RouteGroupBuilder v1)
    {
        v1.MapGet("/customers/{customerId}/subscriptions", ListAsync);
        v1.MapGet("/customers/{customerId}/subscriptions/{subscriptionId}", async (string customerId, string subscriptionId, HttpContext http, PlanUseCases plans, CancellationToken ct) =>
            TypedResults.Ok(WireMapping.Subscription(await plans.GetAsync(http.GetCaller(), Customer(customerId), Plan(subscriptionId), ct))));
        v1.MapPatch("/customers/{customerId}/subscriptions/{subscriptionId}", PatchAsync);
        v1.MapGet("/customers/{customerId}/subscriptions/{subscriptionId}/provisioningstatus", async (string customerId, string subscriptionId, HttpContext http, PlanUseCases plans, CancellationToken ct) =>
        {
            var plan = await plans.GetAsync(http.GetCaller(), Customer(customerId), Plan(subscriptionId), ct);
            return TypedResults.Ok(new
            {
                skuId = AzurePlanCatalog.SkuId,
                status = "success",
                quantity = 1,
                endDate = new DateTimeOffset(9999, 12, 10, 0, 0, 0, TimeSpan.Zero),
                attributes = new ResourceAttributes("SubscriptionProvisioningStatus"),
                subscriptionId = plan.Id.ToString(),
            });
        });
        v1.MapGet("/customers/{customerId}/subscriptions/{subscriptionId}/azureEntitlements", async (string customerId, string subscriptionId, HttpContext http, PlanUseCases plans, CancellationToken ct) =>
        {
            var items = await plans.ListAzureSubscriptionsAsync(http.GetCaller(), Customer(customerId), Plan(subscriptionId), ct);
            return TypedResults.Ok(new Collection<AzureEntitlementDto>([.. items.Select(WireMapping.Entitlement)])
            {
                Links = new CollectionLinks(new Link($"/customers/{customerId}/subscriptions/{subscriptionId}/azureEntitlements")),
            });
        });
        v1.MapGet("/customers/{customerId}/subscriptions/{subscriptionId}/azureEntitlements/{entitlementId}", async (string customerId, string subscriptionId, string entitlementId, HttpContext http, PlanUseCases plans, CancellationToken ct) =>
            TypedResults.Ok(WireMapping.Entitlement(await plans.GetAzureSubscriptionAsync(http.GetCaller(), Customer(customerId), Plan(subscriptionId), Entitlement(entitlementId), ct))));
        v1.MapPost("/customers/{customerId}/subscriptions/{subscriptionId}/azureEntitlements/{entitlementId}/cancel", async (string customerId, string subscriptionId, string entitlementId, CancelAzureEntitlementDto? body, HttpContext http, PlanUseCases plans, CancellationToken ct) =>
        {
            var reason = WireInput.Required(WireInput.Body(body).CancellationReason, "cancellationReason");
            var cancelled = await plans.CancelAzureSubscriptionAsync(http.GetCaller(), Customer(customerId), Plan(subscriptionId), Entitlement(entitlementId), reason, ct);
            return TypedResults.Accepted((string?)null, WireMapping.Entitlement(cancelled));
        });
        v1.MapPost("/customers/{customerId}/subscriptions/{subscriptionId}/azureEntitlements/{entitlementId}/reactivate", async (string customerId, string subscriptionId, string entitlementId, HttpContext http, PlanUseCases plans, CancellationToken ct) =>
        {
            var reactivated = await plans.ReactivateAzureSubscriptionAsync(http.GetCaller(), Customer(customerId), Plan(subscriptionId), Entitlement(entitlementId), ct);
            return TypedResults.Accepted((string?)null, WireMapping.Entitlement(reactivated));
        });
        return v1;
    }

    private static CustomerId Customer(string id) => WireInput.Id<CustomerId>(id, "customerId");

    private static SubscriptionId Plan(string id) => WireInput.Id<SubscriptionId>(id, "subscriptionId");

    private static AzureSubscriptionId Entitlement(string id) => WireInput.Id<AzureSubscriptionId>(id, "entitlementId");

    private static async Task<Ok<Collection<SubscriptionDto>>> ListAsync(string customerId, HttpContext http, PlanUseCases plans, CancellationToken ct)
    {
        var items = await plans.ListAsync(http.GetCaller(), Customer(customerId), ct);
        var orderId = http.Request.Query["order_id"].FirstOrDefault();
        var mpnId = http.Request.Query["mpn_id"].FirstOrDefault();
        IEnumerable<AzurePlan> selected = items;
        if (!string.IsNullOrEmpty(orderId))
        {
            var order = WireInput.Id<OrderId>(orderId, "order_id");
            selected = selected.Where(p => p.OrderId == order);
        }

        if (!string.IsNullOrEmpty(mpnId))
        {
            selected = selected.Where(p => string.Equals(p.PartnerIdOnRecord, mpnId, StringComparison.OrdinalIgnoreCase));
        }

        return TypedResults.Ok(new Collection<SubscriptionDto>([.. selected.Select(WireMapping.Subscription)])
        {
            Links = new CollectionLinks(new Link($"/customers/{customerId}/subscriptions")),
        });
    }

    /// <summary>
    /// The SDK sends the whole subscription back; only friendlyName and status may differ. A quantity
    /// other than 1 or another billing cycle is refused (800095 / 2054), as Partner Center does.
    /// </summary>
    private static async Task<Ok<SubscriptionDto>> PatchAsync(string customerId, string subscriptionId, SubscriptionDto? body, HttpContext http, PlanUseCases plans, CancellationToken ct)
    {
        var dto = WireInput.Body(body);
        if (dto.Quantity is { } quantity && quantity != 1)
        {
            throw new ApiFaultException(new CommerceError("800095", "quantity: an Azure plan always has quantity 1.", ErrorKind.BadInput));
        }

        if (dto.BillingCycle is { } cycle && cycle is not (Domain.Orders.BillingCycle.OneTime or Domain.Orders.BillingCycle.Unknown))
        {
            throw new ApiFaultException(new CommerceError("2054", "billingCycle can't be changed through a subscription update.", ErrorKind.BadInput));
        }

        if (dto.AutoRenewEnabled == true)
        {
            throw new ApiFaultException(CommerceErrors.UpdateNotAllowed.WithDescription("autoRenewEnabled: the Azure plan does not renew."));
        }

        var version = WireInput.Etag(dto.Attributes?.Etag, http.Request.Headers.IfMatch.FirstOrDefault());
        var plan = await plans.UpdateAsync(http.GetCaller(), Customer(customerId), Plan(subscriptionId), new UpdatePlanRequest(dto.FriendlyName, dto.Status is PlanStatus.None ? null : dto.Status, version), ct);
        return TypedResults.Ok(WireMapping.Subscription(plan));
    }
}
