using Microsoft.EntityFrameworkCore;
using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage;

/// <summary>The commerce store over EF Core; every query is scoped to the caller's partner.</summary>
public sealed class EfCommerceStore(CommerceDbContext db) : ICommerceStore
{
    public Task<Partner?> FindPartnerAsync(PartnerTenantId partnerId, CancellationToken ct) =>
        db.Partners.FirstOrDefaultAsync(p => p.Id == partnerId, ct);

    public Task<PartnerUser?> FindUserByEmailAsync(string email, CancellationToken ct)
    {
        var normalized = email.Trim().ToLowerInvariant();
        return db.PartnerUsers.FirstOrDefaultAsync(u => u.Email == normalized, ct);
    }

    public Task<PartnerUser?> FindUserAsync(PrincipalId userId, CancellationToken ct) =>
        db.PartnerUsers.FirstOrDefaultAsync(u => u.Id == userId, ct);

    public Task<PartnerApplication?> FindApplicationAsync(Guid clientId, CancellationToken ct) =>
        db.PartnerApplications.FirstOrDefaultAsync(a => a.ClientId == clientId, ct);

    public Task<Customer?> FindCustomerAsync(PartnerTenantId partnerId, CustomerId customerId, CancellationToken ct) =>
        db.Customers.FirstOrDefaultAsync(c => c.PartnerId == partnerId && c.Id == customerId, ct);

    public Task<bool> DomainExistsAsync(string domain, CancellationToken ct)
    {
        var normalized = domain.Trim().ToLowerInvariant();
        return db.Customers.AnyAsync(c => c.Domain == normalized, ct);
    }

    public async Task<CustomerPage> ListCustomersAsync(PartnerTenantId partnerId, CustomerQuery query, CancellationToken ct)
    {
        var customers = db.Customers.AsNoTracking().Where(c => c.PartnerId == partnerId);
        if (query.Prefix is { Length: > 0 } prefix)
        {
            var lowered = prefix.ToLowerInvariant();
            customers = query.Field == CustomerSearchField.Domain
                ? customers.Where(c => c.Domain.StartsWith(lowered))
                : customers.Where(c => c.CompanyName.ToLower().StartsWith(lowered));
        }

        if (query.After is { } after)
        {
            customers = customers.Where(c => c.CreatedAt > after.CreatedAt
                || (c.CreatedAt == after.CreatedAt && string.Compare(c.Domain, after.Domain) > 0));
        }

        var page = await customers.OrderBy(c => c.CreatedAt).ThenBy(c => c.Domain).Take(query.Size + 1).ToListAsync(ct);
        if (page.Count <= query.Size)
        {
            return new CustomerPage(page, null);
        }

        page.RemoveAt(page.Count - 1);
        var last = page[^1];
        return new CustomerPage(page, new CustomerSeekKey(last.CreatedAt, last.Domain));
    }

    public async Task<IReadOnlyList<CustomerAgreement>> ListAgreementsAsync(PartnerTenantId partnerId, CustomerId customerId, CancellationToken ct) =>
        await db.CustomerAgreements.Where(a => a.PartnerId == partnerId && a.CustomerId == customerId).OrderBy(a => a.CreatedAt).ToListAsync(ct);

    public Task<Cart?> FindCartAsync(PartnerTenantId partnerId, CustomerId customerId, CartId cartId, CancellationToken ct) =>
        db.Carts.FirstOrDefaultAsync(c => c.PartnerId == partnerId && c.CustomerId == customerId && c.Id == cartId, ct);

    public Task<Order?> FindOrderAsync(PartnerTenantId partnerId, CustomerId customerId, OrderId orderId, CancellationToken ct) =>
        db.Orders.FirstOrDefaultAsync(o => o.PartnerId == partnerId && o.CustomerId == customerId && o.Id == orderId, ct);

    public async Task<IReadOnlyList<Order>> ListOrdersAsync(PartnerTenantId partnerId, CustomerId customerId, CancellationToken ct) =>
        await db.Orders.Where(o => o.PartnerId == partnerId && o.CustomerId == customerId).OrderBy(o => o.CreatedAt).ToListAsync(ct);

    public Task<AzurePlan?> FindPlanAsync(PartnerTenantId partnerId, CustomerId customerId, SubscriptionId planId, CancellationToken ct) =>
        db.AzurePlans.FirstOrDefaultAsync(p => p.PartnerId == partnerId && p.CustomerId == customerId && p.Id == planId, ct);

    public Task<AzurePlan?> FindPlanAsync(PartnerTenantId partnerId, SubscriptionId planId, CancellationToken ct) =>
        db.AzurePlans.FirstOrDefaultAsync(p => p.PartnerId == partnerId && p.Id == planId, ct);

    public async Task<IReadOnlyList<AzurePlan>> ListPlansAsync(PartnerTenantId partnerId, CustomerId customerId, CancellationToken ct) =>
        await db.AzurePlans.Where(p => p.PartnerId == partnerId && p.CustomerId == customerId).OrderBy(p => p.CreatedAt).ToListAsync(ct);

    public async Task<IReadOnlyList<AzureSubscription>> ListAzureSubscriptionsAsync(PartnerTenantId partnerId, SubscriptionId planId, CancellationToken ct) =>
        await db.AzureSubscriptions.Where(s => s.PartnerId == partnerId && s.PlanId == planId).OrderBy(s => s.CreatedAt).ToListAsync(ct);

    public Task<AzureSubscription?> FindAzureSubscriptionAsync(PartnerTenantId partnerId, AzureSubscriptionId id, CancellationToken ct) =>
        db.AzureSubscriptions.FirstOrDefaultAsync(s => s.PartnerId == partnerId && s.Id == id, ct);

    public Task<AzureSubscription?> FindAzureSubscriptionByAliasAsync(PartnerTenantId partnerId, string alias, CancellationToken ct) =>
        db.AzureSubscriptions.FirstOrDefaultAsync(s => s.PartnerId == partnerId && s.Alias == alias, ct);

    public async Task<IReadOnlyList<RoleAssignment>> ListRoleAssignmentsAsync(string scopePrefix, CancellationToken ct)
    {
        var lowered = scopePrefix.ToLowerInvariant();
        return await db.RoleAssignments.Where(a => a.Scope.ToLower().StartsWith(lowered)).OrderBy(a => a.StartAt).ToListAsync(ct);
    }

    public void Add<T>(T aggregate) where T : class => db.Add(aggregate);

    public Task SaveChangesAsync(CancellationToken ct) => db.SaveChangesAsync(ct);
}
