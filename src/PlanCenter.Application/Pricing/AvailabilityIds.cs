using System.Security.Cryptography;
using System.Text;

namespace PlanCenter.Application.Pricing;

/// <summary>
/// A stable catalog availability id for a product and SKU whose source (the Azure Retail Prices API)
/// has none: 12 characters like Microsoft's (<c>DZH318Z0BML6</c>), the first four of the product id then
/// eight base-32 characters of SHA-256 over <c>productId/skuId</c>. The same product and SKU always give
/// the same id, on every machine.
/// </summary>
public static class AvailabilityIds
{
    private const string Alphabet = "0123456789BCDFGHJKLMNPQRSTVWXYZ";

    public static string Derive(string productId, string skuId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{productId.ToUpperInvariant()}/{skuId.ToUpperInvariant()}"), hash);
        Span<char> id = stackalloc char[12];
        var prefix = productId.Length >= 4 ? productId.AsSpan(0, 4) : "DZH3";
        for (var i = 0; i < 4; i++)
        {
            id[i] = char.ToUpperInvariant(prefix[i]);
        }

        for (var i = 0; i < 8; i++)
        {
            id[4 + i] = Alphabet[hash[i] % Alphabet.Length];
        }

        return new string(id);
    }
}
