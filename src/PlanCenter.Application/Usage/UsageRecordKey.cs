using System.Security.Cryptography;
using System.Text;

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
        Span<byte> bytes = stackalloc byte[16];
        if (Guid.TryParse(text, out var guid))
        {
            guid.TryWriteBytes(bytes);
        }
        else
        {
            var upper = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
            text.ToUpperInvariant(upper);
            var byteCount = Encoding.UTF8.GetByteCount(upper);
            var utf8 = byteCount <= 1024 ? stackalloc byte[byteCount] : new byte[byteCount];
            Encoding.UTF8.GetBytes(upper, utf8);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(utf8, digest);
            digest[..16].CopyTo(bytes);
        }

        return new UsageRecordKey(BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]));
    }
}
