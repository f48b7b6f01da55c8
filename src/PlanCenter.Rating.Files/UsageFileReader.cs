using System.IO.Compression;
using System.Text.Json;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Rating.Files;

/// <summary>
/// Streams usage records from a CSV file (columns by header name, case-insensitive) or from
/// <c>*.jsonl</c> / <c>*.jsonl.gz</c> (one JSON object per line, names matched case-insensitively; a
/// number <c>quantity</c> is read from its literal text; object <c>tags</c>/<c>additionalInfo</c> are kept
/// as JSON text). Field values are not validated here; an unreadable line is a file error.
/// </summary>
public static class UsageFileReader
{
    /// <summary>The usage CSV columns every file must have.</summary>
    internal static readonly string[] RequiredColumns = ["UsageRecordId", "EntitlementId", "ResourceUri", "MeterId", "UsageStart", "Quantity"];

    /// <summary>True when <paramref name="path"/> is read as JSON lines (<c>*.jsonl</c>, <c>*.jsonl.gz</c>), else as CSV.</summary>
    public static bool IsJsonLines(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="path"/> lazily, in file order.</summary>
    public static IEnumerable<UsageRecordText> Read(string path)
    {
        if (IsJsonLines(path))
        {
            return ReadJsonLines(path);
        }

        return ReadCsv(path);
    }

    private static IEnumerable<UsageRecordText> ReadCsv(string path)
    {
        using var table = CsvTable.Open(path, RequiredColumns);
        int id = table.IndexOf("UsageRecordId"), entitlement = table.IndexOf("EntitlementId"), resource = table.IndexOf("ResourceUri");
        int meter = table.IndexOf("MeterId"), start = table.IndexOf("UsageStart"), quantity = table.IndexOf("Quantity");
        int location = table.IndexOf("ResourceLocation"), service = table.IndexOf("ConsumedService"), tags = table.IndexOf("Tags");
        int info = table.IndexOf("AdditionalInfo"), info1 = table.IndexOf("ServiceInfo1"), info2 = table.IndexOf("ServiceInfo2");
        while (table.MoveNext(out var line))
        {
            yield return new UsageRecordText(table.Get(id), table.Get(entitlement), table.Get(resource), table.Get(meter),
                table.Get(start), table.Get(quantity), table.GetRaw(location), table.GetRaw(service), table.GetRaw(tags),
                table.GetRaw(info), table.GetRaw(info1), table.GetRaw(info2), line);
        }
    }

    private static IEnumerable<UsageRecordText> ReadJsonLines(string path)
    {
        var file = Path.GetFileName(path);
        using var stream = File.OpenRead(path);
        using var decompressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(stream, CompressionMode.Decompress)
            : (Stream)stream;
        using var reader = new StreamReader(decompressed);
        long lineNumber = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return ParseJsonLine(text, file, lineNumber);
        }
    }

    private static UsageRecordText ParseJsonLine(string text, string file, long lineNumber)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new InputFileException(file, lineNumber, null, $"the line is not JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InputFileException(file, lineNumber, null, "the line is not a JSON object");
            }

            string? id = null, entitlement = null, resource = null, meter = null, start = null, quantity = null;
            string? location = null, service = null, tags = null, info = null, info1 = null, info2 = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = Text(property.Value);
                switch (property.Name.ToUpperInvariant())
                {
                    case "USAGERECORDID": id = value; break;
                    case "ENTITLEMENTID": entitlement = value; break;
                    case "RESOURCEURI": resource = value; break;
                    case "METERID": meter = value; break;
                    case "USAGESTART": start = value; break;
                    case "QUANTITY": quantity = value; break;
                    case "RESOURCELOCATION": location = value; break;
                    case "CONSUMEDSERVICE": service = value; break;
                    case "TAGS": tags = value; break;
                    case "ADDITIONALINFO": info = value; break;
                    case "SERVICEINFO1": info1 = value; break;
                    case "SERVICEINFO2": info2 = value; break;
                }
            }

            return new UsageRecordText(id, entitlement, resource, meter, start, quantity, location, service, tags, info, info1, info2, lineNumber);
        }
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        _ => value.GetRawText(),
    };
}
