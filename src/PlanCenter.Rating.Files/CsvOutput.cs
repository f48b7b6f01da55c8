using System.Text;
using nietras.SeparatedValues;

namespace PlanCenter.Rating.Files;

/// <summary>A CSV output written with Sep: comma separator, RFC 4180 escaping, <c>\n</c> line ends, header always written.</summary>
public sealed class CsvOutput : IDisposable
{
    private readonly SepWriter _writer;
    private readonly string[] _headers;

    private CsvOutput(SepWriter writer, IReadOnlyList<string> headers)
    {
        _writer = writer;
        _headers = [.. headers];
        _writer.Header.Add(_headers);
        _writer.Header.Write();
    }

    /// <summary>The number of data rows written.</summary>
    public long RowCount { get; private set; }

    /// <summary>Creates (or overwrites) <paramref name="path"/>.</summary>
    public static CsvOutput ToFile(string path, IReadOnlyList<string> headers) =>
        new(new Sep(',').Writer(o => o with { Escape = true })
            .To(new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20), leaveOpen: false), headers);

    /// <summary>Writes to a text writer (left open).</summary>
    public static CsvOutput ToWriter(TextWriter writer, IReadOnlyList<string> headers) =>
        new(new Sep(',').Writer(o => o with { Escape = true }).To(writer, leaveOpen: true), headers);

    /// <summary>Writes one row; null cells are empty.</summary>
    public void WriteRow(ReadOnlySpan<string?> cells)
    {
        using var row = _writer.NewRow();
        for (var i = 0; i < _headers.Length; i++)
        {
            row[i].Set(cells[i]);
        }

        RowCount++;
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
