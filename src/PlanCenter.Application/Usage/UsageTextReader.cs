using System.Buffers;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Application.Usage;

/// <summary>The two usage file formats of billing-rules §1.3.</summary>
public enum UsageFormat
{
    Csv,
    JsonLines,
}

/// <summary>One input row: its text, or why it could not be read (<see cref="Problem"/>, rejected as Malformed).</summary>
public readonly record struct UsageRow(UsageRecordText Text, string? Problem);

/// <summary>
/// Reads usage records as text (billing-rules §1.3): CSV with a header (columns by name, case-insensitive,
/// extra columns allowed; a missing required column is a file error), or JSON lines with the same names
/// (camelCase or any case; <c>quantity</c> may be a number, read from its literal; <c>tags</c> and
/// <c>additionalInfo</c> may be objects, carried as their JSON text). A line that is not a JSON object
/// comes back with a <see cref="UsageRow.Problem"/> instead of failing the file.
/// </summary>
public static class UsageTextReader
{
    public static readonly string[] Columns =
    [
        "UsageRecordId", "EntitlementId", "ResourceUri", "MeterId", "UsageStart", "Quantity",
        "ResourceLocation", "ConsumedService", "Tags", "AdditionalInfo", "ServiceInfo1", "ServiceInfo2",
    ];

    private const int RequiredColumns = 6;

    /// <summary>The format a file name implies: <c>*.jsonl</c>, <c>*.jsonl.gz</c> are JSON lines, the rest CSV.</summary>
    public static UsageFormat FormatOf(string fileName) =>
        fileName.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase)
            || fileName.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? UsageFormat.JsonLines
            : UsageFormat.Csv;

    public static IEnumerable<UsageRow> Read(Stream stream, UsageFormat format, string source) =>
        format == UsageFormat.Csv ? ReadCsv(stream, source) : ReadJsonLines(stream);

    public static IEnumerable<UsageRow> ReadCsv(Stream stream, string source)
    {
        using var reader = Sep.Reader(o => o with
        {
            HasHeader = true,
            Unescape = true,
            DisableColCountCheck = true,
            ColNameComparer = StringComparer.OrdinalIgnoreCase,
        }).From(stream);
        var indexes = new int[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            if (!reader.Header.TryIndexOf(Columns[i], out indexes[i]))
            {
                if (i < RequiredColumns)
                {
                    throw new InputFileException(source, 1, Columns[i], reader.Header.IsEmpty
                        ? "the file has no header row"
                        : $"the required column {Columns[i]} is missing");
                }

                indexes[i] = -1;
            }
        }

        var cells = new string?[Columns.Length];
        var pool = new TextPool();
        foreach (var row in reader)
        {
            var count = row.ColCount;
            Array.Clear(cells);
            for (var c = 0; c < cells.Length; c++)
            {
                var index = indexes[c];
                if (index >= 0 && index < count)
                {
                    var span = row[index].Span;
                    // Everything but the record id repeats across records (subscriptions, resources, meters, hours,
                    // quantities, locations): shared strings instead of one allocation per cell.
                    cells[c] = span.Length == 0 ? null : c == 0 ? span.ToString() : pool.Get(span);
                }
            }

            if (count == 1 && row[0].Span.Trim().Length == 0)
            {
                continue;
            }

            yield return new UsageRow(Text(cells, row.LineNumberFrom), null);
        }
    }

    /// <summary>A bounded string intern pool looked up by span, so a repeated cell costs a hash, not an allocation.</summary>
    private sealed class TextPool
    {
        private const int MaxEntries = 200_000;
        private const int MaxLength = 512;
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public TextPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

        public string Get(ReadOnlySpan<char> span)
        {
            if (span.Length > MaxLength)
            {
                return span.ToString();
            }

            if (_lookup.TryGetValue(span, out var found))
            {
                return found;
            }

            var text = span.ToString();
            if (_strings.Count < MaxEntries)
            {
                _strings.Add(text, text);
            }

            return text;
        }
    }

    public static IEnumerable<UsageRow> ReadJsonLines(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            long lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var max = Encoding.UTF8.GetMaxByteCount(line.Length);
                if (buffer.Length < max)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(max);
                }

                var length = Encoding.UTF8.GetBytes(line, buffer);
                yield return ParseJsonLine(buffer.AsSpan(0, length), lineNumber);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static UsageRow ParseJsonLine(ReadOnlySpan<byte> utf8, long lineNumber)
    {
        var values = new string?[Columns.Length];
        try
        {
            var json = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                return Broken(values, lineNumber, "the line is not a JSON object");
            }

            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var column = ColumnOf(ref json);
                if (!json.Read())
                {
                    break;
                }

                string? value;
                switch (json.TokenType)
                {
                    case JsonTokenType.String:
                        value = json.GetString();
                        break;
                    case JsonTokenType.Number:
                        value = Encoding.UTF8.GetString(json.HasValueSequence ? json.ValueSequence.ToArray() : json.ValueSpan);
                        break;
                    case JsonTokenType.Null:
                        value = null;
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var start = (int)json.TokenStartIndex;
                        json.Skip();
                        value = Encoding.UTF8.GetString(utf8[start..(int)json.BytesConsumed]);
                        break;
                    default:
                        value = Encoding.UTF8.GetString(json.ValueSpan);
                        break;
                }

                if (column >= 0)
                {
                    values[column] = string.IsNullOrEmpty(value) ? null : value;
                }
            }

            if (json.TokenType != JsonTokenType.EndObject || json.Read())
            {
                return Broken(values, lineNumber, "the line is not one complete JSON object");
            }
        }
        catch (JsonException e)
        {
            return Broken(values, lineNumber, $"invalid JSON: {e.Message}");
        }

        return new UsageRow(Text(values, lineNumber), null);
    }

    private static int ColumnOf(ref Utf8JsonReader json)
    {
        var name = json.GetString();
        for (var i = 0; i < Columns.Length; i++)
        {
            if (string.Equals(Columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private static UsageRow Broken(string?[] values, long lineNumber, string problem) => new(Text(values, lineNumber), $"line {lineNumber}: {problem}");

    private static UsageRecordText Text(string?[] v, long lineNumber) =>
        new(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], lineNumber);
}
