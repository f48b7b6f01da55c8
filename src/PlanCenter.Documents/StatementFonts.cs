using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace PlanCenter.Documents;

/// <summary>
/// The statement's fonts: Liberation Sans Regular and Bold (SIL OFL 1.1), embedded in this assembly, so rendering
/// never depends on the fonts of the machine.
/// </summary>
/// <remarks>
/// PDFsharp 6 resolves fonts through one process-wide <see cref="GlobalFontSettings.FontResolver"/> that may be set only
/// before the first font is used. The static initialiser below runs exactly once, under the runtime's type-initialisation
/// lock, so renders on parallel threads (tests, a web server) all see it installed. If the host already installed a
/// different resolver, the statement cannot trust it to serve our faces and refuses to render.
/// </remarks>
internal static class StatementFonts
{
    public const string FamilyName = "PlanCenter Statement Sans";

    private static readonly Resolver Installed = Install();

    /// <summary>Regular faces use Unicode (CID) encoding so names in any script that the font covers print and extract.</summary>
    private static readonly XPdfFontOptions Options = new(PdfFontEncoding.Unicode);

    public static XFont Regular(double size)
    {
        EnsureInstalled();
        return new XFont(FamilyName, size, XFontStyleEx.Regular, Options);
    }

    public static XFont Bold(double size)
    {
        EnsureInstalled();
        return new XFont(FamilyName, size, XFontStyleEx.Bold, Options);
    }

    private static void EnsureInstalled()
    {
        // Read our field first: that runs the type initialiser, which installs the resolver, before it is compared.
        var ours = Installed;
        if (!ReferenceEquals(GlobalFontSettings.FontResolver, ours))
        {
            throw new InvalidOperationException(
                "Another PDFsharp font resolver is installed in this process; the invoice statement needs its own " +
                "(PlanCenter.Documents installs it the first time a statement is rendered).");
        }
    }

    private static Resolver Install()
    {
        var resolver = new Resolver();
        if (GlobalFontSettings.FontResolver is null)
        {
            GlobalFontSettings.FontResolver = resolver;
        }

        return resolver;
    }

    private sealed class Resolver : IFontResolver
    {
        private const string RegularFace = "LiberationSans-Regular";
        private const string BoldFace = "LiberationSans-Bold";

        private readonly byte[] _regular = Load(RegularFace);
        private readonly byte[] _bold = Load(BoldFace);

        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
        {
            if (!string.Equals(familyName, FamilyName, StringComparison.Ordinal))
            {
                return null;
            }

            // No italic face is shipped; the statement never asks for one, so PDFsharp may slant the upright face.
            return new FontResolverInfo(bold ? BoldFace : RegularFace, mustSimulateBold: false, mustSimulateItalic: italic);
        }

        public byte[]? GetFont(string faceName) => faceName switch
        {
            RegularFace => _regular,
            BoldFace => _bold,
            _ => null,
        };

        private static byte[] Load(string face)
        {
            var name = $"PlanCenter.Documents.Fonts.{face}.ttf";
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Embedded font {name} is missing from {typeof(StatementFonts).Assembly.GetName().Name}.");
            using var copy = new MemoryStream(checked((int)stream.Length));
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
