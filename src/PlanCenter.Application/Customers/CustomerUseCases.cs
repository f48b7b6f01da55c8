using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Customers;

/// <summary>What a create-customer request carries once bound and checked for presence.</summary>
public sealed record CreateCustomerRequest(string Domain, string? OrganizationRegistrationNumber, BillingProfile BillingProfile);

/// <summary>Customer records: create, read, list, billing profile and relationship changes.</summary>
public sealed class CustomerUseCases(ICommerceStore store, TimeProvider clock)
{
    public async Task<Customer> CreateAsync(Caller caller, CreateCustomerRequest request, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.CreateCustomer);
        if (await store.DomainExistsAsync(request.Domain, ct))
        {
            throw new CommerceRuleException(CommerceErrors.DomainAlreadyExists.WithDescription($"The domain '{request.Domain}' is already in use."));
        }

        var customer = Customer.Create(caller.PartnerId, request.Domain, request.OrganizationRegistrationNumber, request.BillingProfile, clock.GetUtcNow());
        store.Add(customer);
        await store.SaveChangesAsync(ct);
        return customer;
    }

    public async Task<Customer> GetAsync(Caller caller, CustomerId customerId, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadCustomers);
        return (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
    }

    public Task<CustomerPage> ListAsync(Caller caller, CustomerQuery query, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadCustomers);
        return store.ListCustomersAsync(caller.PartnerId, query, ct);
    }

    public async Task<Customer> UpdateBillingProfileAsync(Caller caller, CustomerId customerId, BillingProfile profile, int? expectedVersion, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.UpdateCustomerBillingProfile);
        var customer = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        customer.UpdateBillingProfile(profile, expectedVersion);
        await store.SaveChangesAsync(ct);
        return customer;
    }

    /// <summary>Ends the reseller relationship; refused while any plan or Azure subscription is active.</summary>
    public async Task<Customer> RemoveRelationshipAsync(Caller caller, CustomerId customerId, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.RemoveRelationship);
        var customer = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        foreach (var plan in await store.ListPlansAsync(caller.PartnerId, customerId, ct))
        {
            var azureSubscriptions = await store.ListAzureSubscriptionsAsync(caller.PartnerId, plan.Id, ct);
            if (plan.Status == PlanStatus.Active || azureSubscriptions.Any(s => s.Status == AzureSubscriptionStatus.Active))
            {
                throw new CommerceRuleException(CommerceErrors.RelationshipRemovalBlocked);
            }
        }

        customer.RemoveRelationship();
        await store.SaveChangesAsync(ct);
        return customer;
    }
}
