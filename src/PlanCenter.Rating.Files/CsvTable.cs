using nietras.SeparatedValues;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Rating.Files;

/// <summary>
/// A CSV input opened with Sep (RFC 4180 quoting, comma separator, header required) whose columns are
/// found by header name, case-insensitively. Blank lines are skipped; a row with a different column count
/// than the header is a file error.
/// </summary>
internal sealed class CsvTable : IDisposable
{
    private readonly SepReader _reader;
    private readonly TextReader? _text;
    private readonly Dictionary<string, int> _columns;
    private long _lastLineNumber = 1;

    private CsvTable(SepReader reader, TextReader? text, string file, Dictionary<string, int> columns)
    {
        _reader = reader;
        _text = text;
        File = file;
        _columns = columns;
    }

    public string File { get; }

    public int ColumnCount => _columns.Count;

    /// <summary>
    /// Opens <paramref name="path"/>; with <paramref name="readAhead"/> the file is read and decoded on a
    /// background thread (<see cref="ReadAheadTextReader"/>), for the large usage file.
    /// </summary>
    public static CsvTable Open(string path, IReadOnlyList<string> requiredColumns, bool readAhead = false)
    {
        var file = Path.GetFileName(path);
        SepReader reader;
        var text = readAhead ? new ReadAheadTextReader(path) : null;
        try
        {
            var sep = new Sep(',').Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true });
            reader = text is null ? sep.FromFile(path) : sep.From(text);
        }
        catch (InvalidDataException e)
        {
            text?.Dispose();
            throw new InputFileException(file, 1, null, e.Message);
        }

        if (reader.Header.IsEmpty)
        {
            reader.Dispose();
            text?.Dispose();
            throw new InputFileException(file, 1, null, "the header row is missing");
        }

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = reader.Header.ColNames;
        for (var i = 0; i < names.Count; i++)
        {
            columns.TryAdd(names[i].Trim(), i);
        }

        foreach (var required in requiredColumns)
        {
            if (!columns.ContainsKey(required))
            {
                reader.Dispose();
                text?.Dispose();
                throw new InputFileException(file, 1, required, $"required column {required} is missing");
            }
        }

        return new CsvTable(reader, text, file, columns);
    }

    /// <summary>The index of a column, or -1 when the file has none.</summary>
    public int IndexOf(string column) => _columns.TryGetValue(column, out var index) ? index : -1;

    /// <summary>Moves to the next non-blank row; false at the end.</summary>
    public bool MoveNext(out long lineNumber)
    {
        while (true)
        {
            bool moved;
            try
            {
                moved = _reader.MoveNext();
            }
            catch (InvalidDataException e)
            {
                throw new InputFileException(File, _lastLineNumber + 1, null, e.Message);
            }

            if (!moved)
            {
                lineNumber = 0;
                return false;
            }

            var row = _reader.Current;
            lineNumber = row.LineNumberFrom;
            _lastLineNumber = row.LineNumberToExcl - 1;
            if (row.ColCount == 1 && row.Span.Trim().IsEmpty)
            {
                continue;
            }

            if (row.ColCount != _reader.Header.ColNames.Count)
            {
                throw new InputFileException(File, lineNumber, null,
                    $"the row has {row.ColCount} columns, the header has {_reader.Header.ColNames.Count}");
            }

            return true;
        }
    }

    /// <summary>The text of a column of the current row (unescaped, trimmed), null when empty or absent.</summary>
    public string? Get(int index)
    {
        if (index < 0)
        {
            return null;
        }

        var span = _reader.Current[index].Span.Trim();
        return span.IsEmpty ? null : span.ToString();
    }

    /// <summary>The untrimmed text of a column of the current row, null when empty or absent.</summary>
    public string? GetRaw(int index)
    {
        if (index < 0)
        {
            return null;
        }

        var span = _reader.Current[index].Span;
        return span.IsEmpty ? null : span.ToString();
    }

    /// <summary>The trimmed text of a column of the current row, empty when empty or absent; valid until the next move.</summary>
    public ReadOnlySpan<char> Span(int index) => index < 0 ? default : _reader.Current[index].Span.Trim();

    /// <summary>The untrimmed text of a column of the current row, empty when empty or absent; valid until the next move.</summary>
    public ReadOnlySpan<char> RawSpan(int index) => index < 0 ? default : _reader.Current[index].Span;

    public void Dispose()
    {
        _reader.Dispose();
        _text?.Dispose();
    }
}
