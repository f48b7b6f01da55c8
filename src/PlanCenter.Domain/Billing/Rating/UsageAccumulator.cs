using System.Runtime.InteropServices;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// Sums accepted usage records into daily lines keyed by (EntitlementId, ResourceUri, MeterId, UsageDate)
/// (billing-rules §2.2). Each record costs one hash lookup and allocates nothing of its own: resource ids
/// are interned to an index (case-insensitive), carried attribute strings are pooled, and line state lives
/// inline in the dictionary. The result does not depend on the order records are added in. Not
/// thread-safe.
/// </summary>
public sealed class UsageAccumulator
{
    private readonly Dictionary<LineKey, LineState> _lines;
    private readonly Dictionary<string, int> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>Creates an accumulator with room for <paramref name="capacity"/> lines.</summary>
    public UsageAccumulator(int capacity = 0) => _lines = new Dictionary<LineKey, LineState>(capacity);

    /// <summary>The number of distinct lines so far.</summary>
    public int LineCount => _lines.Count;

    /// <summary>The number of records added.</summary>
    public long RecordCount { get; private set; }

    /// <summary>Adds one accepted record (already validated; its quantity is not negative).</summary>
    public void Add(in UsageRecord record)
    {
        ref var resource = ref CollectionsMarshal.GetValueRefOrAddDefault(_resources, record.ResourceUri, out var known);
        if (!known)
        {
            resource = _resources.Count;
        }

        var key = new LineKey(record.EntitlementId, resource, record.MeterId, record.UsageDate);
        ref var line = ref CollectionsMarshal.GetValueRefOrAddDefault(_lines, key, out var exists);
        line.Quantity += record.Quantity;
        RecordCount++;
        if (exists && !DailyUsageLine.IsLater(record.UsageStartAt, record.UsageRecordId, line.LatestStartAt, line.LatestRecordId!))
        {
            return;
        }

        line.LatestStartAt = record.UsageStartAt;
        line.LatestRecordId = record.UsageRecordId;
        line.ResourceUri = Pool(record.ResourceUri);
        line.ResourceLocation = Pool(record.ResourceLocation);
        line.ConsumedService = Pool(record.ConsumedService);
        line.Tags = Pool(record.Tags);
        line.AdditionalInfo = Pool(record.AdditionalInfo);
        line.ServiceInfo1 = Pool(record.ServiceInfo1);
        line.ServiceInfo2 = Pool(record.ServiceInfo2);
    }

    /// <summary>The lines in the output order of billing-rules §2.6.</summary>
    public IReadOnlyList<DailyUsageLine> ToLines()
    {
        var lines = new DailyUsageLine[_lines.Count];
        var i = 0;
        foreach (var (key, state) in _lines)
        {
            lines[i++] = new DailyUsageLine
            {
                EntitlementId = key.EntitlementId,
                ResourceUri = state.ResourceUri!,
                MeterId = key.MeterId,
                UsageDate = key.UsageDate,
                Quantity = state.Quantity,
                LatestUsageStartAt = state.LatestStartAt,
                LatestUsageRecordId = state.LatestRecordId!,
                ResourceLocation = state.ResourceLocation,
                ConsumedService = state.ConsumedService,
                Tags = state.Tags,
                AdditionalInfo = state.AdditionalInfo,
                ServiceInfo1 = state.ServiceInfo1,
                ServiceInfo2 = state.ServiceInfo2,
            };
        }

        Array.Sort(lines, DailyUsageLineOrder.Instance);
        return lines;
    }

    private string? Pool(string? value)
    {
        if (value is null)
        {
            return null;
        }

        ref var pooled = ref CollectionsMarshal.GetValueRefOrAddDefault(_strings, value, out var exists);
        if (!exists)
        {
            pooled = value;
        }

        return pooled;
    }

    private readonly record struct LineKey(AzureSubscriptionId EntitlementId, int Resource, MeterId MeterId, DateOnly UsageDate);

    private struct LineState
    {
        public decimal Quantity;
        public DateTimeOffset LatestStartAt;
        public string? LatestRecordId;
        public string? ResourceUri;
        public string? ResourceLocation;
        public string? ConsumedService;
        public string? Tags;
        public string? AdditionalInfo;
        public string? ServiceInfo1;
        public string? ServiceInfo2;
    }
}
