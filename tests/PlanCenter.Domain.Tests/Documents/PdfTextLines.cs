using UglyToad.PdfPig;

namespace PlanCenter.Domain.Tests.Documents;

/// <summary>
/// A PDF read back with PdfPig as lines of text per page: the words that share a baseline, left to right, joined by
/// one space; lines top to bottom. That is how a person reads the statement, whatever order the words were drawn in.
/// </summary>
internal sealed class PdfTextLines
{
    private PdfTextLines(IReadOnlyList<IReadOnlyList<string>> pages, string title, string creationDate)
    {
        Pages = pages;
        Title = title;
        CreationDate = creationDate;
    }

    public IReadOnlyList<IReadOnlyList<string>> Pages { get; }

    public IEnumerable<string> AllLines => Pages.SelectMany(page => page);

    public string Title { get; }

    public string CreationDate { get; }

    public static PdfTextLines Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<IReadOnlyList<string>>();
        foreach (var page in document.GetPages())
        {
            var lines = page.GetWords()
                .Where(word => word.Letters.Count > 0)
                .GroupBy(word => Math.Round(word.Letters[0].StartBaseLine.Y, 1))
                .OrderByDescending(line => line.Key)
                .Select(line => string.Join(' ', line.OrderBy(word => word.Letters[0].StartBaseLine.X).Select(word => word.Text)))
                .ToList();
            pages.Add(lines);
        }

        return new PdfTextLines(pages, document.Information.Title ?? "", document.Information.CreationDate ?? "");
    }
}
