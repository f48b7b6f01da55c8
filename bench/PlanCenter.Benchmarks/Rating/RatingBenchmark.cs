using System.Diagnostics;
using System.Globalization;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Rating.Files;

namespace PlanCenter.Benchmarks.Rating;

/// <summary>
/// Offline rating end to end (issue 5): generates the inputs (10 M usage rows by default), times
/// <see cref="OfflineRating.Run"/> (read CSV, validate, deduplicate, rate, write the 55-column recon, the
/// invoice recon and the rejects), then DuckDB computing the same daily lines from the same files, and
/// compares the two outputs line by line.
/// </summary>
public static class RatingBenchmark
{
    public static int Run(string[] args)
    {
        string? Text(string name)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        }

        var rows = long.Parse(Text("--rows") ?? "10000000", CultureInfo.InvariantCulture);
        var seed = int.Parse(Text("--seed") ?? "42", CultureInfo.InvariantCulture);
        var sample = Text("--sample") ?? Path.GetFullPath("../shared/data/azure-retail-prices-sample.json");
        var root = Text("--dir") ?? Path.Combine(Path.GetTempPath(), "plancenter-bench");
        var threads = int.Parse(Text("--duckdb-threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var skipDuck = args.Contains("--no-duckdb");
        var skipEngine = args.Contains("--no-plancenter");

        var clock = Stopwatch.StartNew();
        var files = RatingInputGenerator.Generate(sample, root, rows, seed);
        Console.WriteLine(FormattableString.Invariant(
            $"inputs: {files.Directory} ({rows:N0} usage rows, {new FileInfo(files.Usage).Length / 1e6:N0} MB; {files.Meters:N0} priced meters) ready in {clock.Elapsed.TotalSeconds:N1} s"));

        var output = Path.Combine(files.Directory, "out");
        Directory.CreateDirectory(output);
        double? engineSeconds = null;
        if (!skipEngine)
        {
            var inputs = new OfflineRatingInputs
            {
                UsagePaths = [files.Usage],
                PricesPath = files.Prices,
                AccountsPath = files.Accounts,
                ExchangeRatesPath = files.Fx,
                AccessPath = files.Access,
                ReconPath = Path.Combine(output, "recon.csv"),
                InvoiceReconPath = Path.Combine(output, "invoice.csv"),
                RejectsPath = Path.Combine(output, "rejects.csv"),
            };
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var summary = OfflineRating.Run(inputs, new RatingOptions());
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            engineSeconds = elapsed;
            Console.WriteLine(FormattableString.Invariant(
                $"PlanCenter OfflineRating.Run: {elapsed:N2} s ({summary.RecordsRead / elapsed / 1e6:N2} M rows/s; CPU {cpuSeconds:N2} s), peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB"));
            Console.WriteLine(FormattableString.Invariant(
                $"  read {summary.RecordsRead:N0}, accepted {summary.Accepted:N0}, duplicates {summary.Duplicates:N0}, rejected {summary.Rejected:N0} ({string.Join(", ", summary.RejectedByReason.Where(r => r.Value > 0).Select(r => $"{r.Key} {r.Value:N0}"))})"));
            Console.WriteLine(FormattableString.Invariant(
                $"  daily lines {summary.DailyLinesWritten:N0}, invoice lines {summary.InvoiceLinesWritten:N0}, pricing total {summary.PricingPreTaxTotal:N2} USD"));
            Console.WriteLine("  stages: " + string.Join(", ", summary.StageTimes.Select(s => FormattableString.Invariant($"{s.Key} {s.Value.TotalSeconds:N2} s"))));
        }

        double? duckSeconds = null;
        if (!skipDuck)
        {
            var duckOutput = Path.Combine(output, "duckdb-lines.csv");
            var before = Process.GetCurrentProcess().PeakWorkingSet64;
            clock.Restart();
            var lines = DuckDbRating.Run(files, duckOutput, threads);
            duckSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"DuckDB ({threads} threads) daily lines in SQL: {duckSeconds:N2} s ({rows / duckSeconds.Value / 1e6:N2} M rows/s), {lines:N0} lines; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB (before DuckDB {before / 1048576.0:N0} MB)"));
            if (!skipEngine)
            {
                Console.WriteLine("comparison of PlanCenter's recon with DuckDB's lines (key: EntitlementId, ResourceUri, MeterId, UsageDate):");
                foreach (var (name, value) in DuckDbRating.Compare(Path.Combine(output, "recon.csv"), duckOutput))
                {
                    Console.WriteLine($"  {name,-26} {value}");
                }
            }
        }

        if (engineSeconds is { } e && duckSeconds is { } d)
        {
            Console.WriteLine(FormattableString.Invariant($"PlanCenter / DuckDB time: {e / d:N2} ({(e < d ? "PlanCenter faster" : "DuckDB faster")})"));
        }

        return 0;
    }
}
