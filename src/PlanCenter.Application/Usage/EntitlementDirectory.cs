using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Usage;

/// <summary>An Azure subscription as ingestion sees it: its partner and billable interval <c>[Start, End)</c>.</summary>
public readonly record struct EntitlementWindow(AzureSubscriptionId Id, PartnerTenantId PartnerId, DateTimeOffset Start, DateTimeOffset? End);

/// <summary>A snapshot of the instance's Azure subscriptions, looked up by id.</summary>
public sealed class EntitlementDirectory(IEnumerable<EntitlementWindow> windows)
{
    private readonly Dictionary<AzureSubscriptionId, EntitlementWindow> _byId = windows.ToDictionary(w => w.Id);

    public int Count => _byId.Count;

    public bool TryGet(AzureSubscriptionId id, out EntitlementWindow window) => _byId.TryGetValue(id, out window);
}
