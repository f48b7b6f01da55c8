using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Plans;

/// <summary>
/// The Azure plan a customer bought from a partner: a Partner Center subscription of quantity 1 under
/// which Azure subscriptions run. <see cref="Version"/> is the etag; every change increments it.
/// </summary>
public sealed class AzurePlan
{
    private AzurePlan()
    {
        OfferId = FriendlyName = "";
    }

    public AzurePlan(CustomerId customerId, PartnerTenantId partnerId, OrderId orderId, string offerId, string friendlyName, string? partnerIdOnRecord, DateTimeOffset now)
    {
        Id = TypedId.New<SubscriptionId>();
        CustomerId = customerId;
        PartnerId = partnerId;
        OrderId = orderId;
        OfferId = offerId;
        FriendlyName = friendlyName;
        PartnerIdOnRecord = partnerIdOnRecord;
        Status = PlanStatus.Active;
        CreatedAt = now;
        Version = 1;
    }

    public SubscriptionId Id { get; private set; }
    public CustomerId CustomerId { get; private set; }
    public PartnerTenantId PartnerId { get; private set; }
    public OrderId OrderId { get; private set; }

    /// <summary>The catalog item id the plan was bought with.</summary>
    public string OfferId { get; private set; }

    public string FriendlyName { get; private set; }

    /// <summary>PartnerID of the indirect reseller of record; null for direct sales.</summary>
    public string? PartnerIdOnRecord { get; private set; }

    public PlanStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    /// <summary>
    /// Applies a PATCH: only the friendly name and the status may change. A stale
    /// <paramref name="expectedVersion"/> fails with 2055; suspending while an Azure subscription is
    /// active fails with 900115; renaming a suspended plan fails with 800091.
    /// </summary>
    public void Update(string? friendlyName, PlanStatus? status, int? expectedVersion, bool hasActiveAzureSubscriptions)
    {
        if (expectedVersion is { } version && version != Version)
        {
            throw new CommerceRuleException(CommerceErrors.EtagInvalid);
        }

        var renamed = friendlyName is not null && friendlyName != FriendlyName;
        var newStatus = status ?? Status;
        if (newStatus is not (PlanStatus.Active or PlanStatus.Suspended))
        {
            throw new CommerceRuleException(CommerceErrors.StatusChangeNotAllowed.WithDescription($"An Azure plan can't be set to status {newStatus}."));
        }

        if (renamed && Status == PlanStatus.Suspended && newStatus == PlanStatus.Suspended)
        {
            throw new CommerceRuleException(CommerceErrors.SubscriptionSuspended);
        }

        if (newStatus == PlanStatus.Suspended && Status != PlanStatus.Suspended && hasActiveAzureSubscriptions)
        {
            throw new CommerceRuleException(CommerceErrors.PlanHasActiveAzureSubscriptions);
        }

        if (!renamed && newStatus == Status)
        {
            return;
        }

        if (renamed)
        {
            if (string.IsNullOrWhiteSpace(friendlyName) || friendlyName.Length > 128)
            {
                throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription("friendlyName must be 1 to 128 characters."));
            }

            FriendlyName = friendlyName;
        }

        Status = newStatus;
        Version++;
    }

    /// <summary>Fails with 900318 unless the plan is active (new Azure subscriptions need an active plan).</summary>
    public void EnsureActive()
    {
        if (Status != PlanStatus.Active)
        {
            throw new CommerceRuleException(CommerceErrors.PlanNotActive);
        }
    }
}
