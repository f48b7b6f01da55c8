using System.CommandLine;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PlanCenter.Api;
using PlanCenter.Application.Access;
using PlanCenter.Application.Simulation;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Rating;
using Spectre.Console;

namespace PlanCenter.Commands;

/// <summary><c>usage ingest</c>, <c>access import</c> and <c>simulate</c>: the Azure side, offline.</summary>
public static class UsageCommands
{
    /// <summary>Records per transaction when ingesting a file.</summary>
    public const int DefaultBatchSize = 100_000;

    public static void Add(RootCommand root, Option<string> dataDir)
    {
        var file = new Argument<string>("FILE") { Description = "Usage file: CSV, or JSON lines (*.jsonl); *.gz is decompressed." };
        var batchSize = new Option<int>("--batch-size") { Description = "Records per transaction.", DefaultValueFactory = _ => DefaultBatchSize };
        var rejectsFile = new Option<string?>("--rejects") { Description = "Write the rejected records (UsageRecordId,Reason,Detail) to this CSV file." };
        var ingest = new Command("ingest", "Ingest a usage file (billing-rules §1.3); repeated record ids are ignored and counted.") { file, batchSize, rejectsFile, dataDir };
        ingest.SetAction((parse, ct) => OfflineHost.RunAsync(parse.GetValue(dataDir)!, seedDemo: false, ct: ct, work: services =>
            IngestFileAsync(services.GetRequiredService<IUsageLedger>(), services.GetService<ServerRating>(), parse.GetValue(file)!, parse.GetValue(batchSize),
                parse.GetValue(rejectsFile), ct)));
        root.Subcommands.Add(new Command("usage", "Azure usage (the metering side).") { ingest });

        var accessFile = new Argument<string>("FILE") { Description = "Access CSV (billing-rules §1.4)." };
        var import = new Command("import", "Append an access file to the role assignment history, all or nothing.") { accessFile, dataDir };
        import.SetAction((parse, ct) => OfflineHost.RunAsync(parse.GetValue(dataDir)!, seedDemo: false, ct: ct, work: async services =>
        {
            var path = parse.GetValue(accessFile)!;
            await using var stream = File.OpenRead(path);
            var rows = AccessImport.Read(stream, path);
            var result = await services.GetRequiredService<AccessImport>().ImportAsync(rows, path, ct);
            Console.WriteLine($"{result.Rows} rows: {result.Added} added, {result.Ended} ended, {result.Unchanged} unchanged");
        }));
        root.Subcommands.Add(new Command("access", "Azure role assignment history.") { import });

        var customers = new Option<int>("--customers") { Description = "Number of customers (each with an Azure plan and subscription).", DefaultValueFactory = _ => 10 };
        var days = new Option<int>("--days") { Description = "Number of days.", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Seed; the same seed gives the same world and files.", DefaultValueFactory = _ => 1 };
        var start = new Option<string>("--start") { Description = "First day (yyyy-MM-dd).", DefaultValueFactory = _ => "2026-01-01" };
        var partner = new Option<Guid?>("--partner") { Description = "Partner tenant owning the customers (default: the demo world's Contoso)." };
        var output = new Option<string?>("--out") { Description = "Folder to write usage.csv (or usage.jsonl) and access.csv to." };
        var format = new Option<string>("--format") { Description = "csv or jsonl.", DefaultValueFactory = _ => "csv" };
        var ingestNow = new Option<bool>("--ingest") { Description = "Ingest into the instance (the default when --out is not given)." };
        var prices = new Option<string?>("--prices") { Description = "Azure retail prices JSON to take Consumption meters from (default: a built-in set of real meters)." };
        var simulate = new Command("simulate", "Generate realistic usage and access changes for simulated customers.")
        {
            customers, days, seed, start, partner, output, format, ingestNow, prices, dataDir,
        };
        simulate.SetAction((parse, ct) => OfflineHost.RunAsync(parse.GetValue(dataDir)!, seedDemo: true, ct: ct, work: async services =>
        {
            if (!UtcText.TryParseDate(parse.GetValue(start)!, out var first))
            {
                throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"--start '{parse.GetValue(start)}' is not yyyy-MM-dd."));
            }

            IReadOnlyList<SimMeter>? meters = null;
            if (parse.GetValue(prices) is { } pricesPath)
            {
                await using var json = File.OpenRead(pricesPath);
                meters = UsageSimulator.ReadRetailPrices(json);
            }

            var owner = parse.GetValue(partner) is { } p ? new PartnerTenantId(p) : DemoWorld.ContosoPartner;
            var world = await services.GetRequiredService<SimulationWorld>().EnsureAsync(owner, parse.GetValue(customers), parse.GetValue(seed), first, ct);
            var simulator = new UsageSimulator(world, first, parse.GetValue(days), parse.GetValue(seed), meters);
            var outDir = parse.GetValue(output);
            var jsonl = string.Equals(parse.GetValue(format), "jsonl", StringComparison.OrdinalIgnoreCase);
            if (outDir is not null)
            {
                Directory.CreateDirectory(outDir);
                var usagePath = Path.Combine(outDir, jsonl ? "usage.jsonl" : "usage.csv");
                long written = 0;
                await using (var writer = new StreamWriter(usagePath, false, new UTF8Encoding(false)))
                {
                    if (!jsonl)
                    {
                        await writer.WriteLineAsync(string.Join(',', UsageTextReader.Columns));
                    }

                    foreach (var record in simulator.Usage())
                    {
                        await writer.WriteLineAsync(jsonl ? UsageSimulator.ToJson(record) : UsageSimulator.ToCsv(record));
                        written++;
                    }
                }

                var accessPath = Path.Combine(outDir, "access.csv");
                await File.WriteAllLinesAsync(accessPath, [AccessRow.Header, .. simulator.Access.Select(a => a.ToCsv())], ct);
                Console.WriteLine($"{world.Count} Azure subscriptions, {simulator.ResourceCount} resources: wrote {written} usage records to {usagePath} and {simulator.Access.Count} assignments to {accessPath}");
            }

            if (outDir is null || parse.GetValue(ingestNow))
            {
                var imported = await services.GetRequiredService<AccessImport>().ImportAsync(simulator.Access, "simulation", ct);
                Console.WriteLine($"access: {imported.Added} assignments added, {imported.Unchanged} already there");
                var ledger = services.GetRequiredService<IUsageLedger>();
                var batch = new List<UsageRow>(DefaultBatchSize);
                var totals = new Totals();
                foreach (var record in simulator.Usage())
                {
                    batch.Add(new UsageRow(record, null));
                    if (batch.Count == DefaultBatchSize)
                    {
                        totals.Add(await ledger.IngestBatchAsync(batch, null, "simulate", ct));
                        batch.Clear();
                    }
                }

                if (batch.Count > 0)
                {
                    totals.Add(await ledger.IngestBatchAsync(batch, null, "simulate", ct));
                }

                Console.WriteLine(totals.Describe());
            }
        }));
        root.Subcommands.Add(simulate);
    }

    private sealed class Totals
    {
        public long Received;
        public long Accepted;
        public long Duplicates;
        public long Rejected;
        public readonly List<UsageReject> Rejects = [];

        public void Add(UsageIngestResult result)
        {
            Received += result.Received;
            Accepted += result.Accepted;
            Duplicates += result.Duplicates;
            Rejected += result.Rejected;
            Rejects.AddRange(result.Rejects);
        }

        public string Describe() => $"usage: {Received} received, {Accepted} accepted, {Duplicates} duplicates ignored, {Rejected} rejected";
    }

    private static async Task IngestFileAsync(IUsageLedger ledger, ServerRating? rating, string path, int batchSize, string? rejectsPath, CancellationToken ct)
    {
        if (batchSize is < 1 or > 1_000_000)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription("--batch-size must be between 1 and 1000000."));
        }

        await using var file = File.OpenRead(path);
        Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        var format = UsageTextReader.FormatOf(path);
        var totals = new Totals();
        var started = TimeProvider.System.GetTimestamp();

        async Task RunAsync(Action<double> report)
        {
            await UsageBatchPipeline.IngestAsync(UsageTextReader.Read(input, format, path), batchSize, ledger, null, path, result =>
            {
                totals.Add(result);
                report(Progress(file));
            }, ct);
            report(100);
        }

        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress().AutoClear(false).StartAsync(async progress =>
            {
                var task = progress.AddTask($"ingesting {Path.GetFileName(path)}", maxValue: 100);
                await RunAsync(value => task.Value = value);
            });
        }
        else
        {
            await RunAsync(_ => { });
        }

        var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"{totals.Describe()} in {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        foreach (var reject in totals.Rejects.Take(20))
        {
            Console.WriteLine($"  line {reject.LineNumber}: {reject.Reason}: {reject.Detail}");
        }

        if (totals.Rejects.Count > 20)
        {
            Console.WriteLine($"  … {totals.Rejects.Count - 20} more (GET /metering/usage/rejects, or --rejects FILE)");
        }

        if (rating is not null)
        {
            // Records the ledger kept but rating cannot rate (no price on the day, no exchange rate, …), instance-wide:
            // rating catches up first, so the counts include this file.
            await rating.CatchUpAsync(ct);
            var counts = await rating.RejectCountsAsync(ct);
            if (counts.Count > 0)
            {
                Console.WriteLine($"rating: {counts.Values.Sum()} stored records rejected ({string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}; "
                    + "GET /metering/usage/rating-rejects)");
            }
        }

        if (rejectsPath is not null)
        {
            await using var writer = new StreamWriter(rejectsPath, false, new UTF8Encoding(false));
            await writer.WriteLineAsync("UsageRecordId,Reason,Detail");
            foreach (var reject in totals.Rejects)
            {
                await writer.WriteLineAsync($"{Csv(reject.UsageRecordId)},{reject.Reason},{Csv(reject.Detail)}");
            }
        }
    }

    /// <summary>How far the reader is through the file, in percent (the reader closes the file at its end).</summary>
    private static double Progress(FileStream file)
    {
        try
        {
            return file.Length == 0 ? 100 : 100.0 * file.Position / file.Length;
        }
        catch (ObjectDisposedException)
        {
            return 100;
        }
    }

    private static string Csv(string? value) => value is null ? "" : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

}
