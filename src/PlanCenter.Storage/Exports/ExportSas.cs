using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PlanCenter.Storage.Exports;

/// <summary>
/// Shared-access signatures for export blobs, shaped like Azure Blob SAS query strings
/// (<c>sv=…&amp;sr=c&amp;sp=r&amp;se=…&amp;sig=…</c>): read access to the blobs of one manifest until <c>se</c>.
/// The signature is HMAC-SHA256 over the manifest id and the expiry with the instance's export key, so the
/// token alone authorizes a download (no bearer token), and changing any part invalidates it.
/// </summary>
public static class ExportSas
{
    private const string Version = "2024-11-04";

    /// <summary>The SAS query string (without a leading <c>?</c>) for <paramref name="manifestId"/>, valid until <paramref name="expiresAt"/>.</summary>
    public static string Create(byte[] key, string manifestId, DateTimeOffset expiresAt)
    {
        var se = Expiry(expiresAt);
        return $"sv={Version}&sr=c&sp=r&se={Uri.EscapeDataString(se)}&sig={Uri.EscapeDataString(Sign(key, manifestId, se))}";
    }

    /// <summary>True when <paramref name="se"/> and <paramref name="sig"/> sign <paramref name="manifestId"/> and <paramref name="se"/> is after <paramref name="now"/>.</summary>
    public static bool IsValid(byte[] key, string manifestId, string? se, string? sig, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(se) || string.IsNullOrEmpty(sig)
            || !DateTimeOffset.TryParseExact(se, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(key, manifestId, se));
        var given = Encoding.ASCII.GetBytes(sig);
        return CryptographicOperations.FixedTimeEquals(expected, given) && now < expiresAt;
    }

    private static string Expiry(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Sign(byte[] key, string manifestId, string se) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"r\n{manifestId}\n{se}\n{Version}")));
}
