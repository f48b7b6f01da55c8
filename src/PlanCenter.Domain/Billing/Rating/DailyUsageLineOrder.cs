namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// The output order of daily lines (billing-rules §2.6): EntitlementId, UsageDate, MeterId, ResourceUri,
/// ordinal on the lower-cased ids (GUIDs in their lower-case <c>D</c> form).
/// </summary>
public sealed class DailyUsageLineOrder : IComparer<DailyUsageLine>
{
    /// <summary>The single instance.</summary>
    public static DailyUsageLineOrder Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(DailyUsageLine? x, DailyUsageLine? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var c = CompareGuids(x.EntitlementId.Value, y.EntitlementId.Value);
        if (c != 0)
        {
            return c;
        }

        c = x.UsageDate.CompareTo(y.UsageDate);
        if (c != 0)
        {
            return c;
        }

        c = CompareGuids(x.MeterId.Value, y.MeterId.Value);
        return c != 0 ? c : CompareLowered(x.ResourceUri, y.ResourceUri);
    }

    /// <summary>
    /// Ordinal comparison of the lower-case <c>D</c> forms. That form prints the big-endian (RFC 4122) bytes
    /// as hex digits in order, and lower-case hex digits sort as their values, so comparing those bytes
    /// gives the same order without formatting.
    /// </summary>
    public static int CompareGuids(Guid x, Guid y)
    {
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        x.TryWriteBytes(a, bigEndian: true, out _);
        y.TryWriteBytes(b, bigEndian: true, out _);
        return a.SequenceCompareTo(b);
    }

    /// <summary>Ordinal comparison of the invariant lower-case forms.</summary>
    public static int CompareLowered(string x, string y)
    {
        // Characters before the first exact mismatch are equal lowered too.
        var length = Math.Min(x.Length, y.Length);
        for (var i = x.AsSpan(0, length).CommonPrefixLength(y.AsSpan(0, length)); i < length; i++)
        {
            var a = char.ToLowerInvariant(x[i]);
            var b = char.ToLowerInvariant(y[i]);
            if (a != b)
            {
                return a.CompareTo(b);
            }
        }

        return x.Length.CompareTo(y.Length);
    }
}
