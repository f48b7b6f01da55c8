using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PlanCenter.Documents;

/// <summary>
/// Makes PDFsharp 6.2.4's output a function of the statement alone, so the same statement gives the same bytes.
/// </summary>
/// <remarks>
/// <para>
/// With the dates fixed (set from the invoice date, in UTC) and the trailer's <c>/ID</c> pair set by the caller,
/// PDFsharp still writes two kinds of random values, both from <see cref="Guid.NewGuid"/> and neither reachable
/// through its public API:
/// the six-letter tag of each embedded font subset (<c>/BaseFont/ULIYTV+Liberation#20Sans</c>, PDF 1.7 §9.6.4), and the
/// <c>xmpMM:DocumentID</c> / <c>xmpMM:InstanceID</c> UUIDs of the XMP metadata stream it adds on save.
/// </para>
/// <para>
/// Both are rewritten here in place with values of the same length derived from the document id, so no byte moves and
/// the cross-reference table stays valid. The font names appear only in uncompressed dictionaries and the XMP stream is
/// written uncompressed, so a plain search finds them; a six-letter-tag pattern followed by our font's name cannot occur
/// by accident in the compressed streams with any practical probability. A test renders twice and compares bytes,
/// so a PDFsharp upgrade that adds another random value fails loudly.
/// </para>
/// </remarks>
internal static partial class PdfDeterminism
{
    public static byte[] Normalize(byte[] pdf, string documentKey)
    {
        // Latin-1 maps each byte to one char and back, so the text is the file, byte for byte.
        var text = Encoding.Latin1.GetString(pdf);

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        text = SubsetTag().Replace(text, match =>
        {
            var tag = match.Groups["tag"].Value;
            if (!tags.TryGetValue(tag, out var stable))
            {
                stable = StableTag(documentKey, tags.Count);
                tags.Add(tag, stable);
            }

            return "/" + stable + "+";
        });

        text = XmpUuid().Replace(text, match =>
            match.Groups["element"].Value + "uuid:" + StableGuid(documentKey, match.Groups["element"].Value).ToString("D"));

        return Encoding.Latin1.GetBytes(text);
    }

    private static string StableTag(string documentKey, int index)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{documentKey}|font|{index}"));
        return string.Create(6, hash, static (chars, bytes) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)('A' + (bytes[i] % 26));
            }
        });
    }

    private static Guid StableGuid(string documentKey, string element)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{documentKey}|{element}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    [GeneratedRegex(@"/(?<tag>[A-Z]{6})\+(?=Liberation#20Sans)", RegexOptions.CultureInvariant)]
    private static partial Regex SubsetTag();

    [GeneratedRegex(@"(?<element><xmpMM:(?:DocumentID|InstanceID)>)uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        RegexOptions.CultureInvariant)]
    private static partial Regex XmpUuid();
}
