using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Access;

/// <summary>
/// Role assignments over time, indexed by Azure subscription, answering the partner earned credit access
/// question of billing-rules §2.4 for one resource and one UTC day. Immutable after construction and safe
/// to share between threads.
/// </summary>
public sealed class AccessIndex
{
    private readonly Dictionary<string, AccessInterval[]> _bySubscription;
    private readonly Dictionary<string, AccessInterval[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly AccessInterval[] _other;

    /// <summary>Indexes <paramref name="intervals"/>.</summary>
    public AccessIndex(IEnumerable<AccessInterval> intervals)
    {
        var groups = new Dictionary<string, List<AccessInterval>>(StringComparer.OrdinalIgnoreCase);
        var other = new List<AccessInterval>();
        foreach (var interval in intervals)
        {
            var head = AccessScope.SubscriptionHead(interval.Scope);
            if (head.IsEmpty)
            {
                other.Add(interval);
                continue;
            }

            var key = head.ToString();
            if (!groups.TryGetValue(key, out var list))
            {
                list = [];
                groups.Add(key, list);
            }

            list.Add(interval);
        }

        _bySubscription = new Dictionary<string, AccessInterval[]>(groups.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, list) in groups)
        {
            _bySubscription.Add(key, [.. list]);
        }

        _lookup = _bySubscription.GetAlternateLookup<ReadOnlySpan<char>>();
        _other = [.. other];
    }

    /// <summary>An index with no assignments: nothing earns partner earned credit.</summary>
    public static AccessIndex Empty { get; } = new([]);

    /// <summary>
    /// True when the resource qualifies for partner earned credit on <paramref name="day"/> by access: the
    /// union of the <c>Allow</c> intervals that cover the resource, have an eligible role and stand for
    /// <paramref name="partner"/> or <paramref name="reseller"/> covers the whole UTC day, and no
    /// <c>Deny</c> that covers the resource and applies to either partner (or to everyone) overlaps it.
    /// Meter exclusions (ThirdParty, Spot) are the caller's.
    /// </summary>
    public bool HasQualifyingAccess(string resourceUri, PartnerTenantId partner, PartnerTenantId? reseller, DateOnly day)
    {
        var dayStart = UtcText.StartOfDay(day);
        var dayEnd = dayStart.AddDays(1);
        var head = AccessScope.SubscriptionHead(resourceUri);
        var candidates = !head.IsEmpty && _lookup.TryGetValue(head, out var found) ? found : [];

        List<(DateTimeOffset Start, DateTimeOffset End)>? allows = null;
        if (!Collect(candidates, resourceUri, partner, reseller, dayStart, dayEnd, ref allows)
            || !Collect(_other, resourceUri, partner, reseller, dayStart, dayEnd, ref allows))
        {
            return false;
        }

        if (allows is null)
        {
            return false;
        }

        allows.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var coveredTo = dayStart;
        foreach (var (start, end) in allows)
        {
            if (start > coveredTo)
            {
                return false;
            }

            if (end > coveredTo)
            {
                coveredTo = end;
            }
        }

        return coveredTo >= dayEnd;
    }

    /// <summary>Adds the day-clipped qualifying allows; false as soon as an applicable deny overlaps the day.</summary>
    private static bool Collect(AccessInterval[] intervals, string resourceUri, PartnerTenantId partner, PartnerTenantId? reseller,
        DateTimeOffset dayStart, DateTimeOffset dayEnd, ref List<(DateTimeOffset Start, DateTimeOffset End)>? allows)
    {
        foreach (ref readonly var interval in intervals.AsSpan())
        {
            var end = interval.EndAtExcl ?? DateTimeOffset.MaxValue;
            if (interval.StartAt >= dayEnd || end <= dayStart || !interval.Covers(resourceUri))
            {
                continue;
            }

            var standsFor = interval.PartnerTenantId is { } holder && (holder == partner || holder == reseller);
            if (interval.Kind == AssignmentKind.Deny)
            {
                if (interval.PartnerTenantId is null || standsFor)
                {
                    return false;
                }

                continue;
            }

            if (interval.IsEligibleRole && standsFor)
            {
                allows ??= [];
                allows.Add((interval.StartAt > dayStart ? interval.StartAt : dayStart, end < dayEnd ? end : dayEnd));
            }
        }

        return true;
    }
}
