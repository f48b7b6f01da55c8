using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Plans;

/// <summary>The workload type of an Azure subscription created through an alias.</summary>
public enum AzureWorkload
{
    Production,
    DevTest,
}

/// <summary>
/// An Azure subscription (Partner Center: Azure entitlement) under a plan. Cancelling makes it inactive
/// at once and stops billing; it can be reactivated while the plan is active.
/// </summary>
public sealed class AzureSubscription
{
    /// <summary>Cancellation reasons the cancel API accepts (case-insensitive).</summary>
    public static readonly IReadOnlySet<string> CancellationReasons = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "compromise" };

    private AzureSubscription()
    {
        FriendlyName = "";
    }

    public AzureSubscription(AzureSubscriptionId id, SubscriptionId planId, CustomerId customerId, PartnerTenantId partnerId,
        string friendlyName, AzureWorkload workload, string? alias, DateTimeOffset now)
    {
        Id = id;
        PlanId = planId;
        CustomerId = customerId;
        PartnerId = partnerId;
        FriendlyName = friendlyName;
        Workload = workload;
        Alias = alias;
        Status = AzureSubscriptionStatus.Active;
        CreatedAt = now;
    }

    public AzureSubscriptionId Id { get; private set; }
    public SubscriptionId PlanId { get; private set; }
    public CustomerId CustomerId { get; private set; }
    public PartnerTenantId PartnerId { get; private set; }
    public string FriendlyName { get; private set; }
    public AzureWorkload Workload { get; private set; }

    /// <summary>The ARM alias it was created under; null for the default subscription of a purchase.</summary>
    public string? Alias { get; private set; }

    public AzureSubscriptionStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }
    public string? CancellationReason { get; private set; }

    /// <summary>The ARM id of the subscription, <c>/subscriptions/{id}</c>.</summary>
    public string ArmId => $"/subscriptions/{Id}";

    /// <summary>Cancels with a reason the API accepts (900307 otherwise); cancelling twice changes nothing.</summary>
    public void Cancel(string? reason, DateTimeOffset now)
    {
        if (reason is null || !CancellationReasons.Contains(reason.Trim()))
        {
            throw new CommerceRuleException(CommerceErrors.InvalidCancellationReason.WithDescription(
                $"cancellationReason '{reason}' is not valid; accepted: {string.Join(", ", CancellationReasons)}."));
        }

        if (Status == AzureSubscriptionStatus.Inactive)
        {
            return;
        }

        Status = AzureSubscriptionStatus.Inactive;
        CancelledAt = now;
        CancellationReason = reason.Trim().ToLowerInvariant();
    }

    /// <summary>Reactivates a cancelled subscription under an active plan; otherwise 900337.</summary>
    public void Reactivate(AzurePlan plan)
    {
        if (Status != AzureSubscriptionStatus.Inactive)
        {
            throw new CommerceRuleException(CommerceErrors.CannotReactivate.WithDescription("The Azure subscription is not cancelled."));
        }

        if (plan.Status != PlanStatus.Active)
        {
            throw new CommerceRuleException(CommerceErrors.CannotReactivate.WithDescription("The Azure plan is not active."));
        }

        Status = AzureSubscriptionStatus.Active;
        CancelledAt = null;
        CancellationReason = null;
    }
}
