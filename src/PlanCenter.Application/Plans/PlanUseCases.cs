using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Plans;

/// <summary>The fields of a subscription PATCH that PlanCenter acts on; the rest must match or be absent.</summary>
public sealed record UpdatePlanRequest(string? FriendlyName, PlanStatus? Status, int? ExpectedVersion);

/// <summary>An ARM subscription alias request (domain.md §3.4).</summary>
public sealed record CreateAliasRequest(string Alias, string BillingScope, string DisplayName, AzureWorkload Workload);

/// <summary>The Azure plan subscription and the Azure subscriptions under it.</summary>
public sealed class PlanUseCases(ICommerceStore store, TimeProvider clock)
{
    public async Task<IReadOnlyList<AzurePlan>> ListAsync(Caller caller, CustomerId customerId, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadSubscriptions);
        _ = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        return await store.ListPlansAsync(caller.PartnerId, customerId, ct);
    }

    public async Task<AzurePlan> GetAsync(Caller caller, CustomerId customerId, SubscriptionId planId, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadSubscriptions);
        _ = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        return (await store.FindPlanAsync(caller.PartnerId, customerId, planId, ct)).OrThrow(CommerceErrors.SubscriptionNotFound);
    }

    public async Task<AzurePlan> UpdateAsync(Caller caller, CustomerId customerId, SubscriptionId planId, UpdatePlanRequest request, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.UpdateAzurePlan);
        var plan = await GetAsync(caller, customerId, planId, ct);
        var azureSubscriptions = await store.ListAzureSubscriptionsAsync(caller.PartnerId, plan.Id, ct);
        plan.Update(request.FriendlyName, request.Status, request.ExpectedVersion, azureSubscriptions.Any(s => s.Status == AzureSubscriptionStatus.Active));
        await store.SaveChangesAsync(ct);
        return plan;
    }

    public async Task<IReadOnlyList<AzureSubscription>> ListAzureSubscriptionsAsync(Caller caller, CustomerId customerId, SubscriptionId planId, CancellationToken ct)
    {
        var plan = await GetAsync(caller, customerId, planId, ct);
        return await store.ListAzureSubscriptionsAsync(caller.PartnerId, plan.Id, ct);
    }

    public async Task<AzureSubscription> GetAzureSubscriptionAsync(Caller caller, CustomerId customerId, SubscriptionId planId, AzureSubscriptionId id, CancellationToken ct) =>
        (await GetWithPlanAsync(caller, customerId, planId, id, ct)).Subscription;

    private async Task<(AzurePlan Plan, AzureSubscription Subscription)> GetWithPlanAsync(Caller caller, CustomerId customerId, SubscriptionId planId, AzureSubscriptionId id, CancellationToken ct)
    {
        var plan = await GetAsync(caller, customerId, planId, ct);
        var azureSubscription = await store.FindAzureSubscriptionAsync(caller.PartnerId, id, ct);
        return azureSubscription is not null && azureSubscription.PlanId == plan.Id
            ? (plan, azureSubscription)
            : throw new CommerceRuleException(CommerceErrors.EntitlementNotFound);
    }

    public async Task<AzureSubscription> CancelAzureSubscriptionAsync(Caller caller, CustomerId customerId, SubscriptionId planId, AzureSubscriptionId id, string? reason, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.CancelAzureSubscription);
        var azureSubscription = await GetAzureSubscriptionAsync(caller, customerId, planId, id, ct);
        azureSubscription.Cancel(reason, clock.GetUtcNow());
        await store.SaveChangesAsync(ct);
        return azureSubscription;
    }

    public async Task<AzureSubscription> ReactivateAzureSubscriptionAsync(Caller caller, CustomerId customerId, SubscriptionId planId, AzureSubscriptionId id, CancellationToken ct)
    {
        if (!PermissionMatrix.IsAllowed(caller, PartnerOperation.ReactivateAzureSubscription))
        {
            throw new CommerceRuleException(CommerceErrors.ReactivateNoPermission);
        }

        var (plan, azureSubscription) = await GetWithPlanAsync(caller, customerId, planId, id, ct);
        azureSubscription.Reactivate(plan);
        await store.SaveChangesAsync(ct);
        return azureSubscription;
    }

    /// <summary>
    /// Creates an Azure subscription under the customer's plan through an ARM alias; repeating the same
    /// alias returns the subscription it created. The billing scope names the partner's billing account
    /// and the customer: <c>/providers/Microsoft.Billing/billingAccounts/{account}/customers/{customerId}</c>.
    /// </summary>
    public async Task<(AzureSubscription Subscription, bool Created)> CreateByAliasAsync(Caller caller, CreateAliasRequest request, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.CreateAzureSubscription);
        if (await store.FindAzureSubscriptionByAliasAsync(caller.PartnerId, request.Alias, ct) is { } existing)
        {
            return (existing, false);
        }

        var customerId = ParseBillingScope(request.BillingScope);
        var customer = (await store.FindCustomerAsync(caller.PartnerId, customerId, ct)).OrThrow(CommerceErrors.CustomerNotFound);
        customer.EnsureCommerceRelationship(CommerceErrors.NoCommerceRelationshipEntitlement);
        var plans = await store.ListPlansAsync(caller.PartnerId, customer.Id, ct);
        var plan = plans.FirstOrDefault(p => p.PartnerIdOnRecord is null) ?? plans.FirstOrDefault()
            ?? throw new CommerceRuleException(CommerceErrors.PlanNotActive.WithDescription("The customer has no Azure plan."));
        plan.EnsureActive();

        var partner = (await store.FindPartnerAsync(caller.PartnerId, ct)).OrThrow(CommerceErrors.AccessDenied);
        var now = clock.GetUtcNow();
        var azureSubscription = new AzureSubscription(TypedId.New<AzureSubscriptionId>(), plan.Id, customer.Id, caller.PartnerId,
            request.DisplayName, request.Workload, request.Alias, now);
        store.Add(azureSubscription);
        store.Add(RoleAssignment.DefaultOwner(azureSubscription.ArmId, partner.AdminAgentsGroupId, partner.Id, now));
        await store.SaveChangesAsync(ct);
        return (azureSubscription, true);
    }

    private static CustomerId ParseBillingScope(string billingScope)
    {
        var segments = billingScope.Trim('/').Split('/');
        var index = Array.FindIndex(segments, s => string.Equals(s, "customers", StringComparison.OrdinalIgnoreCase));
        if (segments.Length < 4
            || !string.Equals(segments[0], "providers", StringComparison.OrdinalIgnoreCase)
            || !string.Equals(segments[1], "Microsoft.Billing", StringComparison.OrdinalIgnoreCase)
            || index < 0 || index + 1 >= segments.Length
            || !TypedId.TryParse<CustomerId>(segments[index + 1], out var customerId))
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription(
                "properties.billingScope must be /providers/Microsoft.Billing/billingAccounts/{account}/customers/{customerId}."));
        }

        return customerId;
    }
}
