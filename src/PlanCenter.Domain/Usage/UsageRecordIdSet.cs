using System.Security.Cryptography;
using System.Text;

namespace PlanCenter.Domain.Usage;

/// <summary>
/// The usage record ids seen so far (billing-rules §1.3 idempotency), compared case-insensitively. Ids
/// are kept as 16-byte keys, not strings, so ten million ids fit in a few hundred megabytes: a GUID id is
/// its own key; any other id is keyed by the first 16 bytes of the SHA-256 of its upper-cased UTF-8 text
/// (a collision is astronomically unlikely). Not thread-safe.
/// </summary>
public sealed class UsageRecordIdSet
{
    private readonly HashSet<Guid> _guids;
    private readonly HashSet<Guid> _hashed = [];

    /// <summary>Creates an empty set with room for <paramref name="capacity"/> GUID ids.</summary>
    public UsageRecordIdSet(int capacity = 0) => _guids = new HashSet<Guid>(capacity);

    /// <summary>The number of distinct ids added.</summary>
    public int Count => _guids.Count + _hashed.Count;

    /// <summary>Adds <paramref name="usageRecordId"/>; false when it was already present (a duplicate).</summary>
    public bool Add(string usageRecordId) => Add(usageRecordId.AsSpan());

    /// <summary>Adds the id given as text; false when it was already present (a duplicate).</summary>
    public bool Add(ReadOnlySpan<char> usageRecordId)
    {
        var key = KeyOf(usageRecordId, out var hashed);
        return AddKey(key, hashed);
    }

    /// <summary>
    /// The 16-byte key <see cref="Add(ReadOnlySpan{char})"/> stores for an id given as text: the GUID itself,
    /// or (<paramref name="hashed"/>) its <see cref="HashOf"/>. Pure, so another thread may compute it.
    /// </summary>
    internal static Guid KeyOf(ReadOnlySpan<char> usageRecordId, out bool hashed)
    {
        var text = usageRecordId.Trim();
        hashed = !Guid.TryParse(text, out var guid);
        return hashed ? HashOf(text) : guid;
    }

    /// <summary>Adds a key from <see cref="KeyOf"/>; false when it was already present (a duplicate).</summary>
    internal bool AddKey(Guid key, bool hashed) => hashed ? _hashed.Add(key) : _guids.Add(key);

    /// <summary>Makes room for <paramref name="capacity"/> GUID ids without growing step by step.</summary>
    internal void EnsureCapacity(int capacity) => _guids.EnsureCapacity(capacity);

    /// <summary>Adds an id already parsed as a GUID (same as adding its text).</summary>
    internal bool AddGuid(Guid usageRecordId) => _guids.Add(usageRecordId);

    /// <summary>
    /// The 16-byte key of an id that is not a GUID: the first 16 bytes of the SHA-256 of its upper-cased
    /// UTF-8 text. The one definition of that rule; stores that persist keys use it too.
    /// </summary>
    public static Guid HashOf(ReadOnlySpan<char> text)
    {
        var upper = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        text.ToUpperInvariant(upper);
        var byteCount = Encoding.UTF8.GetByteCount(upper);
        var bytes = byteCount <= 1024 ? stackalloc byte[byteCount] : new byte[byteCount];
        Encoding.UTF8.GetBytes(upper, bytes);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, digest);

        return new Guid(digest[..16]);
    }
}
