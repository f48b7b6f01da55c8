using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Primitives;
using PlanCenter.Rating.Files;

namespace PlanCenter.Domain.Tests.Files;

/// <summary>
/// Usage is parsed on one thread and deduplicated and accumulated on another, in batches: wherever the
/// batches end, the files, counts, rejects order, first-occurrence-wins duplicates and error line numbers
/// are those of reading the file record by record.
/// </summary>
public sealed class UsagePipelineTests
{
    private const string Entitlement = "0a000000-0000-4000-8000-000000000001";
    private const string EndsJan20 = "0a000000-0000-4000-8000-000000000002";
    private const string Meter = "6d1b3b1e-0000-4000-8000-000000000001";
    private const string Header = "UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart,Quantity,ResourceLocation,ConsumedService,Tags,AdditionalInfo,ServiceInfo1,ServiceInfo2";

    [Fact]
    public void Run_AnyBatchSize_GivesTheSameFilesAndCounts()
    {
        using var temp = new TempDirectory();
        var usage = temp.Write("usage.csv", Csv(Records(3_000), "\n"));

        var reference = Run(temp, "ref", usage, 4096);
        foreach (var batchRows in new[] { 1, 2, 7, 64 })
        {
            var result = Run(temp, "b" + batchRows, usage, batchRows);
            result.Recon.ShouldBe(reference.Recon);
            result.Invoice.ShouldBe(reference.Invoice);
            result.Rejects.ShouldBe(reference.Rejects);
            result.Summary.Accepted.ShouldBe(reference.Summary.Accepted);
            result.Summary.Duplicates.ShouldBe(reference.Summary.Duplicates);
            result.Summary.RecordsRead.ShouldBe(3_000);
        }

        reference.Summary.Duplicates.ShouldBeGreaterThan(50);
        reference.Summary.RejectedByReason.Values.Sum().ShouldBeGreaterThan(100);
    }

    [Fact]
    public void Run_JsonLinesAndCsvOfTheSameRecords_GiveTheSameFiles_WhateverTheBatchSize()
    {
        using var temp = new TempDirectory();
        var records = Records(1_000);
        var csv = Run(temp, "csv", temp.Write("usage.csv", Csv(records, "\n")), 4096);

        var jsonl = Run(temp, "jsonl", temp.Write("usage.jsonl", JsonLines(records)), 3);

        jsonl.Recon.ShouldBe(csv.Recon);
        jsonl.Rejects.ShouldBe(csv.Rejects);
        jsonl.Summary.Duplicates.ShouldBe(csv.Summary.Duplicates);
    }

    [Fact]
    public void Run_DuplicateInALaterBatch_FirstOccurrenceWins()
    {
        using var temp = new TempDirectory();
        var first = "5a000000-0000-4000-8000-000000000001";
        string[][] records =
        [
            Record(first, Entitlement, 3, 1, "1.25", 1, ""),
            Record("5a000000-0000-4000-8000-000000000002", Entitlement, 3, 2, "2", 1, ""),
            Record("5a000000-0000-4000-8000-000000000003", Entitlement, 3, 3, "3", 1, ""),
            // Re-sent in later batches (another day, so it would show as its own line), once upper-case.
            Record(first, Entitlement, 9, 1, "99", 1, ""),
            Record(first.ToUpperInvariant(), Entitlement, 10, 1, "98", 1, ""),
            // A re-sent id whose first occurrence was rejected is still a duplicate.
            Record("5a000000-0000-4000-8000-000000000004", Entitlement, 3, 4, "-1", 1, ""),
            Record("5a000000-0000-4000-8000-000000000004", Entitlement, 11, 4, "4", 1, ""),
        ];

        var result = Run(temp, "dup", temp.Write("usage.csv", Csv(records, "\n")), 2);

        result.Summary.Duplicates.ShouldBe(3);
        result.Summary.Accepted.ShouldBe(3);
        result.Recon.ShouldContain("2026-01-03");
        result.Recon.ShouldNotContain("2026-01-09");
        result.Recon.ShouldNotContain("2026-01-10");
        result.Recon.ShouldNotContain("2026-01-11");
        result.Rejects.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(2);
    }

    [Fact]
    public void Run_BadRowInALaterBatch_NamesItsPhysicalLine_AfterTheEarlierRejects()
    {
        using var temp = new TempDirectory();
        var records = Records(40).ToList();
        // Line numbers count physical lines: the quoted tags of record 3 hold a line break.
        records[2][8] = "two\nlines";
        var text = Csv(records, "\n") + "x,y,z,w,v,1,2,3,4,5,6,7,8\n";
        var badLine = text.Count(c => c == '\n');
        var usage = temp.Write("usage.csv", text);
        var inputs = Inputs(temp, "bad", usage);

        var ex = Should.Throw<InputFileException>(() => OfflineRating.Run(inputs, new RatingOptions(), null, usageBatchRows: 3));

        ex.File.ShouldBe("usage.csv");
        ex.LineNumber.ShouldBe(badLine);
        badLine.ShouldBe(1 + 40 + 5 + 1); // header, records, five quoted line breaks, the bad row
        var rejects = File.ReadAllText(inputs.RejectsPath!);
        rejects.ShouldBe(Run(temp, "good", temp.Write("good.csv", Csv(records, "\n")), 4096).Rejects);
    }

    [Fact]
    public void Run_JsonLinesBadLineInALaterBatch_NamesItsLine()
    {
        using var temp = new TempDirectory();
        var usage = temp.Write("usage.jsonl", JsonLines(Records(10)) + "{not json\n");

        var ex = Should.Throw<InputFileException>(() => OfflineRating.Run(Inputs(temp, "bad", usage), new RatingOptions(), null, usageBatchRows: 3));

        ex.File.ShouldBe("usage.jsonl");
        ex.LineNumber.ShouldBe(11);
    }

    [Fact]
    public void Run_CrLfLineEndings_GiveTheSameFilesAsLf()
    {
        // Large enough that reads end between a carriage return and its line feed many times.
        using var temp = new TempDirectory();
        var records = Records(60_000);
        var lf = Run(temp, "lf", temp.Write("usage-lf.csv", Csv(records, "\n")), 4096);

        var crlf = Run(temp, "crlf", temp.Write("usage-crlf.csv", Csv(records, "\r\n")), 4096);

        crlf.Recon.ShouldBe(lf.Recon);
        crlf.Rejects.ShouldBe(lf.Rejects);
        crlf.Summary.RecordsRead.ShouldBe(60_000);
    }

    [Fact]
    public void Run_GzipUsage_GivesTheSameFilesAsPlain()
    {
        using var temp = new TempDirectory();
        var records = Records(5_000);
        var csvText = Csv(records, "\n");
        var jsonText = JsonLines(records);
        var plain = Run(temp, "plain", temp.Write("usage.csv", csvText), 4096);

        var csvGz = Run(temp, "csvgz", WriteGzip(temp, "usage.csv.gz", csvText), 5);
        var jsonGz = Run(temp, "jsongz", WriteGzip(temp, "usage.jsonl.gz", jsonText), 5);

        csvGz.Recon.ShouldBe(plain.Recon);
        csvGz.Rejects.ShouldBe(plain.Rejects);
        jsonGz.Recon.ShouldBe(plain.Recon);
        jsonGz.Rejects.ShouldBe(plain.Rejects);
    }

    /// <summary>
    /// Deterministic records: hourly usage of nine VMs, some ids upper-case or not GUIDs, tags with commas,
    /// quotes and line breaks; rejects (negative, exponent, outside the entitlement period) and re-sent ids.
    /// </summary>
    private static string[][] Records(int count)
    {
        var records = new string[count][];
        for (var i = 0; i < count; i++)
        {
            var id = new Guid(i, 0x5a00, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1).ToString("D");
            if (i % 50 == 7)
            {
                id = id.ToUpperInvariant();
            }
            else if (i % 70 == 9)
            {
                id = "rec-" + i.ToString(CultureInfo.InvariantCulture);
            }

            var quantity = (i % 13) switch
            {
                0 when i > 0 => "-1",
                5 when i % 97 == 5 => "1e3",
                _ => FormattableString.Invariant($"{i % 17}.{i % 100:00}"),
            };
            var tags = (i % 11) switch
            {
                0 => "line\nbreak",
                1 or 4 => FormattableString.Invariant($"{{\"env\":\"prod\",\"n\":{i % 3}}}"),
                _ => "",
            };
            var day = 1 + ((i / 216) % 28);
            records[i] = Record(id, i % 19 == 3 ? EndsJan20 : Entitlement, day, i % 24, quantity, i % 9, tags);
            if (i % 31 == 30)
            {
                // A re-send of an earlier record, with another quantity and day.
                records[i] = (string[])records[i - 23].Clone();
                records[i][4] = FormattableString.Invariant($"2026-01-{day:00}T23:00:00Z");
                records[i][5] = "777";
            }
        }

        return records;
    }

    private static string[] Record(string id, string entitlement, int day, int hour, string quantity, int vm, string tags) =>
    [
        id, entitlement, $"/subscriptions/{entitlement}/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/vm{vm}", Meter,
        FormattableString.Invariant($"2026-01-{day:00}T{hour:00}:00:00Z"), quantity, "westeurope", "Microsoft.Compute", tags, "", "", "",
    ];

    private static string Csv(IEnumerable<string[]> records, string newLine)
    {
        var text = new StringBuilder(Header).Append(newLine);
        foreach (var record in records)
        {
            text.AppendJoin(',', record.Select(Quote)).Append(newLine);
        }

        return text.ToString();

        static string Quote(string value) =>
            value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string JsonLines(IEnumerable<string[]> records)
    {
        var names = Header.Split(',');
        var text = new StringBuilder();
        foreach (var record in records)
        {
            var fields = new Dictionary<string, string>();
            for (var i = 0; i < names.Length; i++)
            {
                if (record[i].Length > 0)
                {
                    fields[names[i]] = record[i];
                }
            }

            text.Append(JsonSerializer.Serialize(fields)).Append('\n');
        }

        return text.ToString();
    }

    private static string WriteGzip(TempDirectory temp, string name, string content)
    {
        var path = temp.File(name);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(content));
        return path;
    }

    private static OfflineRatingInputs Inputs(TempDirectory temp, string name, string usage)
    {
        var golden = GoldenTests.GoldenDirectory("basic");
        return new OfflineRatingInputs
        {
            UsagePaths = [usage],
            PricesPath = Path.Combine(golden, "prices.csv"),
            AccountsPath = Path.Combine(golden, "accounts.csv"),
            ExchangeRatesPath = Path.Combine(golden, "fx.csv"),
            AccessPath = Path.Combine(golden, "access.csv"),
            ReconPath = temp.File(name + "-recon.csv"),
            InvoiceReconPath = temp.File(name + "-invoice.csv"),
            RejectsPath = temp.File(name + "-rejects.csv"),
        };
    }

    private static (OfflineRatingSummary Summary, string Recon, string Invoice, string Rejects) Run(TempDirectory temp, string name, string usage, int batchRows)
    {
        var inputs = Inputs(temp, name, usage);
        var summary = OfflineRating.Run(inputs, new RatingOptions(), null, batchRows);
        return (summary, File.ReadAllText(inputs.ReconPath), File.ReadAllText(inputs.InvoiceReconPath!), File.ReadAllText(inputs.RejectsPath!));
    }
}
