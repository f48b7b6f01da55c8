using PlanCenter.Domain.Usage;

namespace PlanCenter.Application.Usage;

/// <summary>
/// The 128-bit idempotency key of a usage record id (billing-rules §1.3; ids compare case-insensitively):
/// a GUID id is its own key; any other id is keyed by the first 16 bytes of the SHA-256 of its trimmed,
/// upper-cased UTF-8 text. Stored as two INTEGER columns (<see cref="High"/>, <see cref="Low"/>).
/// </summary>
public readonly record struct UsageRecordKey(long High, long Low)
{
    /// <summary>The key of <paramref name="usageRecordId"/>.</summary>
    public static UsageRecordKey Of(ReadOnlySpan<char> usageRecordId)
    {
        var text = usageRecordId.Trim();
        var key = Guid.TryParse(text, out var guid) ? guid : UsageRecordIdSet.HashOf(text);
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes);
        return new UsageRecordKey(BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]));
    }
}
