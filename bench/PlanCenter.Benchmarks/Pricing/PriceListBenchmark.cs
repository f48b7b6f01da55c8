using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanCenter.Application.Pricing;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage;
using PlanCenter.Storage.Pricing;

namespace PlanCenter.Benchmarks.Pricing;

/// <summary>
/// The price list benchmarks of docs/benchmarks.md: generate a price list from the real Retail Prices
/// sample's shapes, import it, stream the price sheet, and time 1M price look-ups.
/// Usage: <c>dotnet run -c Release --project bench/PlanCenter.Benchmarks -- prices [--rows 500000] [--sample PATH] [--generate FILE]</c>;
/// with <c>--generate</c> it only writes the generated price list to FILE (for the HTTP measurement).
/// </summary>
public static class PriceListBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = 500_000;
        string? generateOnly = null;
        var sample = Path.Combine("..", "shared", "data", "azure-retail-prices-sample.json");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--rows":
                    rows = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--sample":
                    sample = args[i + 1];
                    break;
                case "--generate":
                    generateOnly = args[i + 1];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"unknown option {args[i]}");
                    return 2;
            }
        }

        if (generateOnly is not null)
        {
            var (count, meterCount) = await PriceListGenerator.WriteAsync(sample, generateOnly, rows);
            Console.WriteLine($"wrote {count:N0} rows ({meterCount:N0} meters) to {generateOnly}");
            return 0;
        }

        var work = Directory.CreateTempSubdirectory("plancenter-bench-");
        try
        {
            var csvPath = Path.Combine(work.FullName, "pricelist.csv");
            var (written, meters) = await PriceListGenerator.WriteAsync(sample, csvPath, rows);
            Console.WriteLine($"generated {written:N0} rows ({meters:N0} meters) from {Path.GetFileName(sample)}: {new FileInfo(csvPath).Length / 1e6:F1} MB");

            var database = await CreateDatabaseAsync(Path.Combine(work.FullName, "plancenter.db"));
            var clock = new FixedClock(new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero));
            var store = new PriceListStore(database, clock);

            // The share of the import that is reading and checking (Sep parse, every row rule), without SQLite.
            var parse = Stopwatch.StartNew();
            await using (var file = new FileStream(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                var checker = new PriceListChecker();
                var parseErrors = new List<ImportError>();
                PriceListCsvReader.Read(file, checker.Add, parseErrors);
                checker.Check(parseErrors);
            }

            parse.Stop();
            Console.WriteLine($"read and check only (no database): {parse.Elapsed.TotalSeconds:F2} s");

            GC.Collect();
            var import = Stopwatch.StartNew();
            PriceImportResult result;
            await using (var file = new FileStream(csvPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            {
                result = await store.ImportAsync(file, PriceFileFormat.PartnerCenterCsv, csvPath, null, null, CancellationToken.None);
            }

            import.Stop();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            Console.WriteLine($"import: {result.Rows:N0} rows in {import.Elapsed.TotalSeconds:F2} s ({result.Rows / import.Elapsed.TotalSeconds:N0} rows/s); "
                + $"peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB, managed heap after {GC.GetTotalMemory(false) / 1048576.0:F0} MB");

            var version = await store.VersionForMonthAsync(new DateOnly(2026, 1, 1), CancellationToken.None);
            var sink = new CountingStream();
            var stream = Stopwatch.StartNew();
            long sheetRows;
            await using (var csv = new CsvFieldWriter(sink))
            {
                sheetRows = await store.WriteSheetAsync(csv, version, "US", PriceTags.Consumption, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), CancellationToken.None);
            }

            stream.Stop();
            Console.WriteLine($"price sheet (in-process, history month 2026-01): {sheetRows:N0} rows, {sink.Length / 1e6:F1} MB in {stream.Elapsed.TotalSeconds:F2} s = "
                + $"{sink.Length / 1e6 / stream.Elapsed.TotalSeconds:F0} MB/s");

            var load = Stopwatch.StartNew();
            var history = await store.GetHistoryAsync(CancellationToken.None);
            load.Stop();
            Console.WriteLine($"rating history loaded in {load.Elapsed.TotalSeconds:F2} s ({history.SheetOn(new DateOnly(2026, 1, 1)).MeterCount:N0} meters)");
            LookupBenchmark.Run(history, PriceListGenerator.MeterIds(meters));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private static async Task<SqliteDatabase> CreateDatabaseAsync(string path)
    {
        var database = new SqliteDatabase(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString());
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + PricingSchema.Tables.Sql;
        await command.ExecuteNonQueryAsync();
        return database;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Writes a large price list whose meters copy the real sample's shapes (names, units, regions, tier ladders).</summary>
public static class PriceListGenerator
{
    /// <summary>The meter GUID of generated meter <paramref name="index"/>.</summary>
    public static MeterId Meter(int index) => new(new Guid(index, 0x7e57, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1));

    public static MeterId[] MeterIds(int count) => [.. Enumerable.Range(0, count).Select(Meter)];

    public static async Task<(int Rows, int Meters)> WriteAsync(string samplePath, string target, int rows)
    {
        var errors = new List<ImportError>();
        var shapes = new List<PriceListEntry>();
        await using (var sample = File.OpenRead(samplePath))
        {
            RetailPricesJsonReader.Read(sample, shapes.Add, errors);
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{samplePath}: {errors[0]}");
        }

        // One ladder of tiers per sample meter period.
        var ladders = shapes.GroupBy(e => (e.MeterId, e.FirstDay, e.LastDay)).Select(g => g.OrderBy(e => e.TierMinimum).ToArray()).ToArray();
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using var csv = new CsvFieldWriter(file);
        foreach (var column in PriceSheetColumns.All)
        {
            csv.Field(column);
        }

        await csv.EndRowAsync(CancellationToken.None);
        var written = 0;
        var meter = 0;
        while (written < rows)
        {
            var ladder = ladders[meter % ladders.Length];
            var id = Meter(meter);
            // Every tenth meter changes its price on 1 January 2026: two periods, as in a real list.
            var changes = meter % 10 == 0 && ladder[0].FirstDay < new DateOnly(2025, 12, 1) && ladder[0].LastDay is null;
            foreach (var (first, last, factor) in changes
                ? new[] { (ladder[0].FirstDay, (DateOnly?)new DateOnly(2025, 12, 31), 1m), (new DateOnly(2026, 1, 1), (DateOnly?)null, 0.95m) }
                : [(ladder[0].FirstDay, ladder[0].LastDay, 1m)])
            {
                foreach (var tier in ladder)
                {
                    if (written == rows)
                    {
                        break;
                    }

                    await WriteRowAsync(csv, tier, id, first, last, tier.UnitPrice * factor);
                    written++;
                }
            }

            meter++;
        }

        return (written, meter);
    }

    private static async Task WriteRowAsync(CsvFieldWriter csv, PriceListEntry shape, MeterId id, DateOnly first, DateOnly? last, decimal price)
    {
        csv.Field(shape.ProductTitle);
        csv.Field(shape.ProductId);
        csv.Field(shape.SkuId);
        csv.Field(shape.SkuTitle);
        csv.Field(shape.Publisher);
        csv.Field(shape.SkuDescription);
        csv.Field(shape.UnitOfMeasure);
        csv.Field(shape.TermDuration);
        csv.Field("US");
        csv.Field("USD");
        csv.Field(DecimalText.Format(price));
        csv.Field(DecimalText.Format(shape.TierMinimum));
        csv.Field(string.Empty);
        csv.Field(first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        csv.Field(last?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        csv.Field(id.ToString());
        csv.Field(shape.MeterType);
        csv.Field(PriceTagText.Format(shape.Tags));
        csv.Field(shape.MeterName);
        csv.Field(shape.MeterCategory);
        csv.Field(shape.MeterSubCategory);
        csv.Field(shape.MeterRegion);
        csv.Field(shape.AvailabilityId);
        await csv.EndRowAsync(CancellationToken.None);
    }
}

/// <summary>
/// 1M (meter, day) → tier rows look-ups over the imported history, as the rating engine does them: one per
/// usage record, in input order. Two key distributions: uniform over every meter of the list (the
/// cache-hostile worst case), and a partner's realistic working set (usage of 2,000 distinct meters).
/// </summary>
public static class LookupBenchmark
{
    public static void Run(PriceListHistory history, MeterId[] meters)
    {
        var sheet = history.SheetOn(new DateOnly(2026, 1, 1));
        var cases = new List<(string Label, (MeterId Meter, DateOnly Day)[] Keys, Func<(MeterId Meter, DateOnly Day)[], int> Run)>();
        foreach (var (label, distinct) in new[] { ("all meters", meters.Length), ("2,000 meters", 2_000) })
        {
            var keys = Keys(meters, distinct);
            cases.Add(($"PriceListHistory.Find, {label}", keys, k => RunHistory(history, k)));
            cases.Add(($"PriceSheet.Find (one version), {label}", keys, k => RunSheet(sheet, k)));
        }

        // Settle the heap first: loading the history leaves garbage that a background GC would otherwise be
        // collecting, on the same two cores, while the first cases are timed.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();

        // Warm-up of every case first: tiered compilation reaches its optimised, profile-guided code (as it does
        // early in a long rating run) before anything is timed.
        for (var round = 0; round < 4; round++)
        {
            foreach (var c in cases)
            {
                c.Run(c.Keys);
            }
        }

        foreach (var (label, keys, run) in cases)
        {
            Measure(label, keys, run);
        }
    }

    private static (MeterId Meter, DateOnly Day)[] Keys(MeterId[] meters, int distinct)
    {
        const int count = 1_000_000;
        var random = new Random(42);
        var used = meters.OrderBy(_ => random.Next()).Take(distinct).ToArray();
        var keys = new (MeterId Meter, DateOnly Day)[count];
        var start = new DateOnly(2026, 1, 1);
        for (var i = 0; i < count; i++)
        {
            keys[i] = (used[random.Next(used.Length)], start.AddDays(random.Next(31)));
        }

        return keys;
    }

    private static void Measure(string label, (MeterId Meter, DateOnly Day)[] keys, Func<(MeterId Meter, DateOnly Day)[], int> run)
    {
        var best = TimeSpan.MaxValue;
        var found = 0;
        for (var round = 0; round < 5; round++)
        {
            var watch = Stopwatch.StartNew();
            found = run(keys);
            watch.Stop();
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        Console.WriteLine($"look-ups, {label}: {keys.Length:N0} in {best.TotalMilliseconds:F1} ms (best of 5; {best.TotalMilliseconds * 1e6 / keys.Length:F0} ns each), {found:N0} found");
    }

    // The loops run in chunks of 1,000 through a small method, so that tiered compilation can re-compile that
    // method with its profile (as it does for the rating engine's per-record code) instead of timing the
    // first, unprofiled compilation of one long loop.
    private const int Chunk = 1_000;

    private static int RunHistory(PriceListHistory history, (MeterId Meter, DateOnly Day)[] keys)
    {
        var found = 0;
        for (var i = 0; i < keys.Length; i += Chunk)
        {
            found += HistoryChunk(history, keys.AsSpan(i, Math.Min(Chunk, keys.Length - i)));
        }

        return found;
    }

    private static int HistoryChunk(PriceListHistory history, ReadOnlySpan<(MeterId Meter, DateOnly Day)> keys)
    {
        var found = 0;
        foreach (var (meter, day) in keys)
        {
            if (history.Find(meter, day, out var period) == PriceLookup.Found && period!.Tiers.Count > 0)
            {
                found++;
            }
        }

        return found;
    }

    private static int RunSheet(PriceSheet sheet, (MeterId Meter, DateOnly Day)[] keys)
    {
        var found = 0;
        for (var i = 0; i < keys.Length; i += Chunk)
        {
            found += SheetChunk(sheet, keys.AsSpan(i, Math.Min(Chunk, keys.Length - i)));
        }

        return found;
    }

    private static int SheetChunk(PriceSheet sheet, ReadOnlySpan<(MeterId Meter, DateOnly Day)> keys)
    {
        var found = 0;
        foreach (var (meter, day) in keys)
        {
            if (sheet.Find(meter, day, out var period) == PriceLookup.Found && period!.Tiers.Count > 0)
            {
                found++;
            }
        }

        return found;
    }
}
