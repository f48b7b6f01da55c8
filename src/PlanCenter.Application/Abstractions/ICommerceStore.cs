using PlanCenter.Domain.Access;
using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Abstractions;

/// <summary>A page of customers and the key to continue after its last item (null on the last page).</summary>
public sealed record CustomerPage(IReadOnlyList<Customer> Items, CustomerSeekKey? Next);

/// <summary>The position after which the next page of customers starts.</summary>
public sealed record CustomerSeekKey(DateTimeOffset CreatedAt, string Domain);

/// <summary>Which customers to list: a page size, an optional prefix filter and a seek position.</summary>
public sealed record CustomerQuery(int Size, CustomerSearchField? Field, string? Prefix, CustomerSeekKey? After);

/// <summary>The customer fields the <c>starts_with</c> filter can search.</summary>
public enum CustomerSearchField
{
    CompanyName,
    Domain,
}

/// <summary>
/// The commerce store: aggregates loaded for one partner and saved in one unit of work. Every read takes
/// the caller's partner id, so one partner never sees another's data. Implemented by PlanCenter.Storage.
/// </summary>
public interface ICommerceStore
{
    Task<Partner?> FindPartnerAsync(PartnerTenantId partnerId, CancellationToken ct);

    Task<PartnerUser?> FindUserByEmailAsync(string email, CancellationToken ct);

    Task<PartnerUser?> FindUserAsync(PrincipalId userId, CancellationToken ct);

    Task<PartnerApplication?> FindApplicationAsync(Guid clientId, CancellationToken ct);

    Task<Customer?> FindCustomerAsync(PartnerTenantId partnerId, CustomerId customerId, CancellationToken ct);

    Task<bool> DomainExistsAsync(string domain, CancellationToken ct);

    Task<CustomerPage> ListCustomersAsync(PartnerTenantId partnerId, CustomerQuery query, CancellationToken ct);

    Task<IReadOnlyList<CustomerAgreement>> ListAgreementsAsync(PartnerTenantId partnerId, CustomerId customerId, CancellationToken ct);

    Task<Cart?> FindCartAsync(PartnerTenantId partnerId, CustomerId customerId, CartId cartId, CancellationToken ct);

    Task<Order?> FindOrderAsync(PartnerTenantId partnerId, CustomerId customerId, OrderId orderId, CancellationToken ct);

    Task<IReadOnlyList<Order>> ListOrdersAsync(PartnerTenantId partnerId, CustomerId customerId, CancellationToken ct);

    Task<AzurePlan?> FindPlanAsync(PartnerTenantId partnerId, CustomerId customerId, SubscriptionId planId, CancellationToken ct);

    Task<AzurePlan?> FindPlanAsync(PartnerTenantId partnerId, SubscriptionId planId, CancellationToken ct);

    Task<IReadOnlyList<AzurePlan>> ListPlansAsync(PartnerTenantId partnerId, CustomerId customerId, CancellationToken ct);

    Task<IReadOnlyList<AzureSubscription>> ListAzureSubscriptionsAsync(PartnerTenantId partnerId, SubscriptionId planId, CancellationToken ct);

    Task<AzureSubscription?> FindAzureSubscriptionAsync(PartnerTenantId partnerId, AzureSubscriptionId id, CancellationToken ct);

    Task<AzureSubscription?> FindAzureSubscriptionByAliasAsync(PartnerTenantId partnerId, string alias, CancellationToken ct);

    Task<IReadOnlyList<RoleAssignment>> ListRoleAssignmentsAsync(string scopePrefix, CancellationToken ct);

    /// <summary>Tracks a new aggregate; it is written by the next <see cref="SaveChangesAsync"/>.</summary>
    void Add<T>(T aggregate) where T : class;

    /// <summary>Writes every change of this unit of work in one transaction.</summary>
    Task SaveChangesAsync(CancellationToken ct);
}
