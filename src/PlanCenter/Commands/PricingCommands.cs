using System.CommandLine;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Pricing;
using Spectre.Console;

namespace PlanCenter.Commands;

/// <summary>
/// <c>prices import FILE</c> (Partner Center price list CSV or Azure Retail Prices JSON) and
/// <c>fx import FILE</c>: all-or-nothing imports into the instance database, with a progress bar on a
/// terminal. Exit code 0 on success; 2 when the file has bad rows (each printed as
/// <c>FILE:LINE: column C: reason</c>) or cannot be read.
/// </summary>
public static class PricingCommands
{
    public static void Add(RootCommand root, Option<string> dataDir)
    {
        var priceFile = new Argument<FileInfo>("FILE") { Description = "Price list: Partner Center CSV (billing-rules §1.1) or Azure Retail Prices JSON." };
        var from = new Option<string?>("--from") { Description = "First month (yyyy-MM) the new list prices; default: every month for the first import, else the current month." };
        var importPrices = new Command("import", "Import a price list as a new version (all-or-nothing).") { priceFile, from, dataDir };
        importPrices.SetAction((parse, ct) => ImportPricesAsync(parse.GetValue(priceFile)!, parse.GetValue(from), parse.GetValue(dataDir)!, ct));
        root.Subcommands.Add(new Command("prices", "The Azure plan price list.") { importPrices });

        var fxFile = new Argument<FileInfo>("FILE") { Description = "FX rates: CurrencyCode,USDPerUnit,Month." };
        var importFx = new Command("import", "Import monthly FX rates (all-or-nothing).") { fxFile, dataDir };
        importFx.SetAction((parse, ct) => ImportFxAsync(parse.GetValue(fxFile)!, parse.GetValue(dataDir)!, ct));
        root.Subcommands.Add(new Command("fx", "Foreign exchange rates.") { importFx });
    }

    private static async Task<int> ImportPricesAsync(FileInfo file, string? fromText, string dataDirectory, CancellationToken ct)
    {
        DateOnly? fromMonth = null;
        if (fromText is not null)
        {
            if (!UtcText.TryParseMonth(fromText, out var parsed))
            {
                await Console.Error.WriteLineAsync($"plancenter: --from '{fromText}' is not a month (yyyy-MM).");
                return 2;
            }

            fromMonth = parsed;
        }

        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"plancenter: {file.FullName} does not exist.");
            return 2;
        }

        await using var app = await OfflineHost.OpenAsync(dataDirectory, seedDemo: false, ct);
        var store = app.Services.GetRequiredService<PriceListStore>();
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var head = new byte[64];
        var read = await stream.ReadAsync(head, ct);
        stream.Position = 0;
        var format = PriceListStore.Detect(file.Name, head.AsSpan(0, read));
        try
        {
            var result = await WithProgressAsync($"Importing {file.Name}", stream,
                () => Task.Run(() => store.ImportAsync(stream, format, file.Name, fromMonth, null, ct), ct));
            var skipped = result.Skipped.OtherTypes + result.Skipped.RepeatedListings > 0
                ? $" ({result.Skipped.OtherTypes} non-Consumption items and {result.Skipped.RepeatedListings} repeated listings skipped)"
                : string.Empty;
            Console.WriteLine($"price list version {result.VersionId}: {result.Rows} rows from {file.Name}{skipped}; prices "
                + (result.FromMonth is { } f ? $"{f:yyyy-MM} on" : "every month"));
            return 0;
        }
        catch (ImportRejectedException rejected)
        {
            return await ReportAsync(rejected);
        }
    }

    private static async Task<int> ImportFxAsync(FileInfo file, string dataDirectory, CancellationToken ct)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"plancenter: {file.FullName} does not exist.");
            return 2;
        }

        await using var app = await OfflineHost.OpenAsync(dataDirectory, seedDemo: false, ct);
        var store = app.Services.GetRequiredService<FxRateStore>();
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            var count = await WithProgressAsync($"Importing {file.Name}", stream, () => store.ImportAsync(stream, file.Name, ct));
            Console.WriteLine($"{count} FX rates from {file.Name}");
            return 0;
        }
        catch (ImportRejectedException rejected)
        {
            return await ReportAsync(rejected);
        }
    }

    /// <summary>Runs <paramref name="work"/>, showing how far it has read <paramref name="stream"/> when on a terminal.</summary>
    private static async Task<T> WithProgressAsync<T>(string title, FileStream stream, Func<Task<T>> work)
    {
        if (Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await work();
        }

        return await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(title, maxValue: Math.Max(1, stream.Length));
                var running = work();
                while (!running.IsCompleted)
                {
                    task.Value = stream.SafeFileHandle.IsClosed ? task.MaxValue : stream.Position;
                    await Task.WhenAny(running, Task.Delay(100));
                }

                task.Value = task.MaxValue;
                return await running;
            });
    }

    private static async Task<int> ReportAsync(ImportRejectedException rejected)
    {
        foreach (var error in rejected.Errors)
        {
            await Console.Error.WriteLineAsync($"{rejected.File}:{error.Line}: column {error.Column}: {error.Reason}");
        }

        await Console.Error.WriteLineAsync($"plancenter: {rejected.Errors.Count} bad row(s) in {rejected.File}; nothing was imported.");
        return 2;
    }
}
