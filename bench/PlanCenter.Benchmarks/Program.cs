namespace PlanCenter.Benchmarks;

/// <summary>Benchmark entry point: <c>dotnet run -c Release --project bench/PlanCenter.Benchmarks -- usage-ingest [options]</c>.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "usage-ingest")
        {
            return await Usage.UsageIngestBenchmark.RunAsync(args[1..]);
        }

        await Console.Error.WriteLineAsync("usage: PlanCenter.Benchmarks usage-ingest [--customers N] [--days D] [--seed S] [--batch B]");
        return 1;
    }
}
