namespace PlanCenter.Benchmarks;

/// <summary>
/// Benchmark entry point: <c>dotnet run -c Release --project bench/PlanCenter.Benchmarks -- &lt;benchmark&gt; [options]</c>
/// where the benchmark is <c>prices</c> (price list import, price sheet streaming, look-ups),
/// <c>usage-ingest</c>, <c>rate</c> (offline rating against DuckDB), <c>unbilled</c> (unbilled
/// reconciliation API over loopback) or <c>close</c> (month close). Results and the exact commands are in docs/benchmarks.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "prices":
                return await Pricing.PriceListBenchmark.RunAsync(args[1..]);
            case "usage-ingest":
                return await Usage.UsageIngestBenchmark.RunAsync(args[1..]);
            case "rate":
                return Rating.RatingBenchmark.Run(args[1..]);
            case "unbilled":
                return await Rating.UnbilledBenchmark.RunAsync(args[1..]);
            case "close":
                return await Billing.CloseBenchmark.RunAsync(args[1..]);
            default:
                await Console.Error.WriteLineAsync("usage: PlanCenter.Benchmarks prices [--rows N] [--sample PATH] [--generate FILE]");
                await Console.Error.WriteLineAsync("       PlanCenter.Benchmarks usage-ingest [--customers N] [--days D] [--seed S] [--batch B]");
                await Console.Error.WriteLineAsync("       PlanCenter.Benchmarks rate [--rows N] [--seed S] [--sample PATH] [--dir DIR] [--duckdb-threads T] [--no-duckdb] [--no-plancenter]");
                await Console.Error.WriteLineAsync("       PlanCenter.Benchmarks unbilled [--customers N] [--port P] [--rounds R]");
                await Console.Error.WriteLineAsync("       PlanCenter.Benchmarks close [--prepare] [--reset] [--run] [--lines N] [--customers C] [--dir DIR]");
                return 1;
        }
    }
}
