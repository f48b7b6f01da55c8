using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Application;
using PlanCenter.Application.Abstractions;
using PlanCenter.Application.Simulation;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage;
using PlanCenter.Storage.Pricing;

namespace PlanCenter.Benchmarks.Usage;

/// <summary>
/// Sustained usage ingestion (issue 4): simulated usage for N customers over D days is written as CSV in
/// memory, then read, validated, deduplicated and committed into a fresh SQLite file in batches, as
/// <c>plancenter usage ingest</c> does. A second pass ingests the same file again (all duplicates). By default
/// a price list (the simulated meters and <see cref="ExtraMeters"/> others) is imported first, so ingestion checks
/// every record's meter as the server does; <c>--no-prices</c> leaves the price list store out (no meter check).
/// </summary>
public static class UsageIngestBenchmark
{
    /// <summary>Synthetic meters added to the simulator's real ones, so the meter set is the size of a real price list.</summary>
    private const int ExtraMeters = 50_000;

    /// <summary>
    /// A Partner Center price list CSV with one Consumption row for each simulated meter and <see cref="ExtraMeters"/>
    /// others, imported as the first version (it prices every month).
    /// </summary>
    private static async Task ImportPricesAsync(PriceListStore prices)
    {
        var csv = new StringBuilder("ProductTitle,ProductId,SkuId,SkuTitle,Publisher,SkuDescription,UnitOfMeasure,TermDuration,Market,Currency,UnitPrice,"
            + "PricingTierRangeMin,PricingTierRangeMax,EffectiveStartDate,EffectiveEndDate,MeterIds,MeterType,Tags,MeterName,MeterCategory,MeterSubCategory,"
            + "MeterRegion,AvailabilityId\n");
        var meters = UsageSimulator.DefaultMeters.Select(m => m.MeterId)
            .Concat(Enumerable.Range(0, ExtraMeters).Select(i => new Guid(i, 0x7e57, 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 1).ToString("D")));
        foreach (var meter in meters)
        {
            csv.Append(CultureInfo.InvariantCulture, $"Bench,DZH318Z0BENC,0001,Bench,Microsoft,,1 Hour,,US,USD,0.1,0,,2020-01-01,,{meter},1 Hour,Azure;Consumption,Bench,Bench,Bench,US East,DZH318Z0BEN1\n");
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString()));
        var result = await prices.ImportAsync(stream, PriceFileFormat.PartnerCenterCsv, "bench-prices.csv", null, null, CancellationToken.None);
        Console.WriteLine($"price list: {result.Rows} Consumption rows (ingestion checks meters)");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    public static async Task<int> RunAsync(string[] args)
    {
        int Option(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var customers = Option("--customers", 1000);
        var days = Option("--days", 30);
        var seed = Option("--seed", 42);
        var batchSize = Option("--batch", 100_000);
        var directory = Path.Combine(Path.GetTempPath(), "plancenter-bench", Guid.NewGuid().ToString("N"));
        var collection = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddStorage(new StorageOptions { Provider = StorageProvider.Sqlite, DataDirectory = directory });
        var withPrices = !args.Contains("--no-prices");
        if (withPrices)
        {
            // The price list store brings the meter directory: ingestion then checks every record's meter (UnknownMeter).
            collection.AddPricingStorage();
        }

        var services = collection
            .AddApplication()
            .BuildServiceProvider();
        try
        {
            await Storage.DependencyInjection.MigrateAsync(services, CancellationToken.None);
            if (withPrices)
            {
                await ImportPricesAsync(services.GetRequiredService<PriceListStore>());
            }

            var start = new DateOnly(2026, 1, 1);
            IReadOnlyList<SimSubscription> world;
            using (var scope = services.CreateScope())
            {
                var store = scope.ServiceProvider.GetRequiredService<ICommerceStore>();
                var partner = new Partner(new PartnerTenantId(Guid.Parse("b0000000-0000-4000-8000-000000000001")), "Bench Partner", "1", "US", PartnerKind.DirectBill, TimeProvider.System.GetUtcNow());
                store.Add(partner);
                await store.SaveChangesAsync(CancellationToken.None);
                world = await scope.ServiceProvider.GetRequiredService<SimulationWorld>().EnsureAsync(partner.Id, customers, seed, start.AddDays(-2), CancellationToken.None);
            }

            // Warm-up (JIT tiers, caches): two other days of the same world, not measured.
            var ledger = services.GetRequiredService<IUsageLedger>();
            var warmUp = new UsageSimulator(world, start.AddDays(-2), 2, seed + 1);
            foreach (var chunk in warmUp.Usage().Select(t => new UsageRow(t, null)).Chunk(batchSize))
            {
                await ledger.IngestBatchAsync(chunk, null, "warm-up", CancellationToken.None);
            }

            var simulator = new UsageSimulator(world, start, days, seed);
            var csv = new MemoryStream();
            using (var writer = new StreamWriter(csv, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
            {
                writer.WriteLine(string.Join(',', UsageTextReader.Columns));
                foreach (var record in simulator.Usage())
                {
                    writer.WriteLine(UsageSimulator.ToCsv(record));
                }
            }

            Console.WriteLine($"{customers} customers, {days} days, {simulator.ResourceCount} resources, {csv.Length / (1024 * 1024)} MiB of CSV, batch {batchSize}");
            if (args.Contains("--phases"))
            {
                var w = Stopwatch.StartNew();
                var rows = UsageTextReader.ReadCsv(new MemoryStream(csv.GetBuffer(), 0, (int)csv.Length), "bench.csv").ToList();
                Console.WriteLine($"read: {rows.Count / w.Elapsed.TotalSeconds:0}/s");
                w.Restart();
                foreach (var row in rows)
                {
                    _ = UsageRecordKey.Of(row.Text.UsageRecordId);
                }

                Console.WriteLine($"key: {rows.Count / w.Elapsed.TotalSeconds:0}/s");
                w.Restart();
                foreach (var row in rows)
                {
                    _ = PlanCenter.Domain.Usage.UsageRecordParser.TryParse(row.Text, out _, out _);
                }

                Console.WriteLine($"parse: {rows.Count / w.Elapsed.TotalSeconds:0}/s");
                w.Restart();
                foreach (var row in rows)
                {
                    _ = ArmId.TryParseResource(row.Text.ResourceUri!, out _, out _);
                }

                Console.WriteLine($"arm: {rows.Count / w.Elapsed.TotalSeconds:0}/s");
                var validator = new UsageRecordValidator(new EntitlementDirectory(world.Select(x => new EntitlementWindow(new AzureSubscriptionId(x.Id), new PartnerTenantId(x.PartnerTenantId), DateTimeOffset.MinValue, null))),
                    new NoMeterDirectory(), null, TimeProvider.System.GetUtcNow());
                w.Restart();
                var ok = 0;
                foreach (var row in rows)
                {
                    ok += validator.TryValidate(row.Text, out _, out _, out _) ? 1 : 0;
                }

                Console.WriteLine($"validate: {rows.Count / w.Elapsed.TotalSeconds:0}/s ({ok} ok)");
            }

            foreach (var pass in new[] { "first ingest (all new)", "second ingest (all duplicates)" })
            {
                GC.Collect();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                long received = 0, accepted = 0, duplicates = 0, rejected = 0;
                await UsageBatchPipeline.IngestAsync(UsageTextReader.ReadCsv(new MemoryStream(csv.GetBuffer(), 0, (int)csv.Length), "bench.csv"), batchSize,
                    ledger, null, "bench", Add, CancellationToken.None);

                watch.Stop();
                var rate = received / watch.Elapsed.TotalSeconds;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                Console.WriteLine($"{pass}: {received} records ({accepted} accepted, {duplicates} duplicates, {rejected} rejected) in {watch.Elapsed.TotalSeconds:0.00} s = {rate:0} records/s; CPU {cpuSeconds:0.00} s = {received / cpuSeconds:0} records per CPU-second; load average {LoadAverage()}");

                void Add(UsageIngestResult result)
                {
                    received += result.Received;
                    accepted += result.Accepted;
                    duplicates += result.Duplicates;
                    rejected += result.Rejected;
                }
            }

            var size = new FileInfo(Path.Combine(directory, "plancenter.db")).Length;
            Console.WriteLine($"database file: {size / (1024 * 1024)} MiB");
            return 0;
        }
        finally
        {
            await services.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
