using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Orders;

/// <summary>Carts, checkout and orders (api.md §7–8).</summary>
public sealed class CartUseCases(ICommerceStore store, TimeProvider clock, KeyedLock locks)
{
    public async Task<Cart> CreateAsync(Caller caller, CustomerId customerId, IReadOnlyList<CartLineItem> lines, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.PurchaseAzurePlan);
        var customer = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        var cart = new Cart(customer.Id, caller.PartnerId, caller.PrincipalId, lines, AzurePlanMarkets.Find(customer.Country), clock.GetUtcNow());
        store.Add(cart);
        await store.SaveChangesAsync(ct);
        return cart;
    }

    public async Task<Cart> GetAsync(Caller caller, CustomerId customerId, CartId cartId, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadOrders);
        _ = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        return (await store.FindCartAsync(caller.PartnerId, customerId, cartId, ct)).OrThrow(CommerceErrors.CartNotFound);
    }

    public async Task<Cart> ReplaceAsync(Caller caller, CustomerId customerId, CartId cartId, IReadOnlyList<CartLineItem> lines, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.PurchaseAzurePlan);
        var customer = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        var cart = (await store.FindCartAsync(caller.PartnerId, customerId, cartId, ct)).OrThrow(CommerceErrors.CartNotFound);
        cart.Replace(caller.PrincipalId, lines, AzurePlanMarkets.Find(customer.Country), clock.GetUtcNow());
        await store.SaveChangesAsync(ct);
        return cart;
    }

    /// <summary>
    /// Places the order. A checkout already running for the same cart answers 800064 at once; checkouts
    /// of one customer's carts run one at a time so "one plan per customer" holds.
    /// </summary>
    public async Task<PurchaseResult> CheckoutAsync(Caller caller, CustomerId customerId, CartId cartId, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.PurchaseAzurePlan);
        using var cartLock = locks.TryAcquire($"cart:{cartId}") ?? throw new CommerceRuleException(CommerceErrors.CartBeingProcessed);
        using var customerLock = await locks.AcquireAsync($"customer:{customerId}", ct);
        var partner = (await store.FindPartnerAsync(caller.PartnerId, ct)).OrThrow(CommerceErrors.AccessDenied);
        var customer = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        var cart = (await store.FindCartAsync(caller.PartnerId, customerId, cartId, ct)).OrThrow(CommerceErrors.CartNotFound);
        var agreements = await store.ListAgreementsAsync(caller.PartnerId, customerId, ct);
        var plans = await store.ListPlansAsync(caller.PartnerId, customerId, ct);

        var result = AzurePlanPurchase.Checkout(cart, customer, partner, agreements, plans, clock.GetUtcNow());
        store.Add(result.Order);
        foreach (var plan in result.Plans)
        {
            store.Add(plan);
        }

        foreach (var azureSubscription in result.AzureSubscriptions)
        {
            store.Add(azureSubscription);
        }

        foreach (var assignment in result.RoleAssignments)
        {
            store.Add(assignment);
        }

        await store.SaveChangesAsync(ct);
        return result;
    }

    public async Task<Order> GetOrderAsync(Caller caller, CustomerId customerId, OrderId orderId, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadOrders);
        _ = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        return (await store.FindOrderAsync(caller.PartnerId, customerId, orderId, ct)).OrThrow(CommerceErrors.OrderNotFound);
    }

    public async Task<IReadOnlyList<Order>> ListOrdersAsync(Caller caller, CustomerId customerId, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadOrders);
        _ = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        return await store.ListOrdersAsync(caller.PartnerId, customerId, ct);
    }
}
