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
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _resourceSpans;
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _stringSpans;

    /// <summary>Creates an accumulator with room for <paramref name="capacity"/> lines.</summary>
    public UsageAccumulator(int capacity = 0)
    {
        _lines = new Dictionary<LineKey, LineState>(capacity);
        _resourceSpans = _resources.GetAlternateLookup<ReadOnlySpan<char>>();
        _stringSpans = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
    }

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
        if (exists && !DailyUsageLine.IsLater(record.UsageStartAt, record.UsageRecordId, line.LatestStartAt, line.LatestRecordId ?? line.LatestRecordGuid.ToString("D")))
        {
            return;
        }

        line.LatestStartAt = record.UsageStartAt;
        line.LatestRecordId = record.UsageRecordId;
        line.LatestRecordGuid = default;
        line.ResourceUri = Pool(record.ResourceUri);
        line.ResourceLocation = Pool(record.ResourceLocation);
        line.ConsumedService = Pool(record.ConsumedService);
        line.Tags = Pool(record.Tags);
        line.AdditionalInfo = Pool(record.AdditionalInfo);
        line.ServiceInfo1 = Pool(record.ServiceInfo1);
        line.ServiceInfo2 = Pool(record.ServiceInfo2);
    }

    /// <summary>
    /// Adds one accepted record given as spans of its text (the offline reader's allocation-free path);
    /// same result as <see cref="Add(in UsageRecord)"/> of the record with those values (empty attributes are null).
    /// <paramref name="recordGuid"/> is the id parsed as a GUID when <paramref name="usageRecordId"/> is its
    /// lower-case <c>D</c> form (so the text need not be kept), else null.
    /// </summary>
    internal void Add(AzureSubscriptionId entitlementId, ReadOnlySpan<char> resourceUri, MeterId meterId, DateTimeOffset usageStartAt,
        decimal quantity, ReadOnlySpan<char> usageRecordId, Guid? recordGuid, ReadOnlySpan<char> resourceLocation,
        ReadOnlySpan<char> consumedService, ReadOnlySpan<char> tags, ReadOnlySpan<char> additionalInfo,
        ReadOnlySpan<char> serviceInfo1, ReadOnlySpan<char> serviceInfo2)
    {
        ref var resource = ref CollectionsMarshal.GetValueRefOrAddDefault(_resourceSpans, resourceUri, out var known);
        if (!known)
        {
            resource = _resources.Count;
        }

        var key = new LineKey(entitlementId, resource, meterId, UtcText.UtcDate(usageStartAt));
        ref var line = ref CollectionsMarshal.GetValueRefOrAddDefault(_lines, key, out var exists);
        line.Quantity += quantity;
        RecordCount++;
        if (exists)
        {
            if (usageStartAt < line.LatestStartAt)
            {
                return;
            }

            if (usageStartAt == line.LatestStartAt)
            {
                Span<char> formatted = stackalloc char[36];
                ReadOnlySpan<char> latestId = formatted;
                if (line.LatestRecordId is { } text)
                {
                    latestId = text;
                }
                else
                {
                    line.LatestRecordGuid.TryFormat(formatted, out _, "D");
                }

                if (usageRecordId.SequenceCompareTo(latestId) <= 0)
                {
                    return;
                }
            }
        }

        line.LatestStartAt = usageStartAt;
        if (recordGuid is { } guid)
        {
            line.LatestRecordId = null;
            line.LatestRecordGuid = guid;
        }
        else
        {
            line.LatestRecordId = usageRecordId.ToString();
        }

        line.ResourceUri = Pool(line.ResourceUri, resourceUri);
        line.ResourceLocation = Pool(line.ResourceLocation, resourceLocation);
        line.ConsumedService = Pool(line.ConsumedService, consumedService);
        line.Tags = Pool(line.Tags, tags);
        line.AdditionalInfo = Pool(line.AdditionalInfo, additionalInfo);
        line.ServiceInfo1 = Pool(line.ServiceInfo1, serviceInfo1);
        line.ServiceInfo2 = Pool(line.ServiceInfo2, serviceInfo2);
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
                LatestUsageRecordId = state.LatestRecordId ?? state.LatestRecordGuid.ToString("D"),
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

    /// <summary>The pooled string equal to <paramref name="value"/> (null when empty), reusing <paramref name="current"/> when equal.</summary>
    private string? Pool(string? current, ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        if (current is not null && value.SequenceEqual(current))
        {
            return current;
        }

        ref var pooled = ref CollectionsMarshal.GetValueRefOrAddDefault(_stringSpans, value, out var exists);
        if (!exists)
        {
            pooled = value.ToString();
        }

        return pooled;
    }

    private readonly record struct LineKey(AzureSubscriptionId EntitlementId, int Resource, MeterId MeterId, DateOnly UsageDate);

    private struct LineState
    {
        public decimal Quantity;
        public DateTimeOffset LatestStartAt;
        public string? LatestRecordId;
        public Guid LatestRecordGuid;
        public string? ResourceUri;
        public string? ResourceLocation;
        public string? ConsumedService;
        public string? Tags;
        public string? AdditionalInfo;
        public string? ServiceInfo1;
        public string? ServiceInfo2;
    }
}
