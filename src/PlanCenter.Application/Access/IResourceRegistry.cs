namespace PlanCenter.Application.Access;

/// <summary>A resource group or resource seen in usage or named by an assignment (ARM ids, case-insensitive).</summary>
public sealed record AzureResource(string ArmId, string SubscriptionId, string? ResourceGroup, string Kind, DateTimeOffset FirstSeen, string Source);

/// <summary>The resources of the Azure side, recorded as usage or assignments name them.</summary>
public interface IResourceRegistry
{
    Task RecordAsync(IReadOnlyCollection<string> armIds, string source, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<AzureResource>> ListAsync(Guid subscriptionId, CancellationToken ct);
}
