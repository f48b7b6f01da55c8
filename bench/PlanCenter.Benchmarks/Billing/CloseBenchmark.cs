using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlanCenter.Api;
using PlanCenter.Application.Simulation;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage;
using PlanCenter.Storage.Billing;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Benchmarks.Billing;

/// <summary>
/// The month close (issue 6): <c>close --prepare</c> fills an instance in <c>--dir</c> with N daily-rated
/// lines of the previous month for C Contoso customers (the simulation world's customers, real meters of the
/// demo price list, rated by the engine and stored as the server stores them); <c>close --run</c> then opens
/// that instance in a fresh process and times <see cref="PeriodClose"/> on the month, reporting invoices,
/// lines, time, throughput and peak memory; <c>--reset</c> first removes a previous run's invoices so the
/// same prepared data can be closed again; <c>--export</c> serves the instance on loopback and reads the
/// closed month's invoice back over HTTP: its billed recon lines and billed daily-rated usage, as seek pages
/// of 2000 and as CSV downloads.
/// </summary>
public static class CloseBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var lines = long.Parse(Text(args, "--lines") ?? "10000000", CultureInfo.InvariantCulture);
        var customers = int.Parse(Text(args, "--customers") ?? "5000", CultureInfo.InvariantCulture);
        var directory = Text(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "plancenter-bench", $"close-{lines}-{customers}");
        var export = args.Contains("--export");
        var port = int.Parse(Text(args, "--port") ?? "5792", CultureInfo.InvariantCulture);
        await using var app = await OpenAsync(directory, export ? port : null);
        var period = BillingCalendar.Default.LatestDue(app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (args.Contains("--prepare"))
        {
            await PrepareAsync(app.Services, period, lines, customers, args);
        }

        await StampRatedAsync(app.Services);
        if (args.Contains("--reset"))
        {
            await ResetAsync(app.Services, period);
        }

        if (args.Contains("--run"))
        {
            var close = app.Services.GetRequiredService<PeriodClose>();
            GC.Collect();
            var before = Process.GetCurrentProcess().WorkingSet64;
            var watch = Stopwatch.StartNew();
            var results = await close.CloseThroughAsync(period, CancellationToken.None);
            watch.Stop();
            var result = results[^1];
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"closed {BillingCalendar.Format(result.Period)}: {result.Invoices.Count} invoice(s), {result.UsageLines:N0} daily lines, " +
                $"{result.Invoices.Sum(i => i.ReconLines):N0} recon lines in {watch.Elapsed.TotalSeconds:0.00} s " +
                $"({result.UsageLines / watch.Elapsed.TotalSeconds:N0} lines/s); working set before {before / 1048576} MB, peak {process.PeakWorkingSet64 / 1048576} MB");
            foreach (var invoice in result.Invoices)
            {
                Console.WriteLine($"  {invoice.Id} {invoice.Currency} {invoice.Total.ToString("N2", CultureInfo.InvariantCulture)}");
            }
        }

        if (export)
        {
            await StoreOnlyAsync(app.Services);
            await ExportAsync(port, withUsage: !args.Contains("--recon-only"));
            await app.StopAsync();
        }

        return 0;
    }

    private static string? Text(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>The stored recon rows of the invoice copied into a buffer reset on every flush: the store alone, no HTTP.</summary>
    private static async Task StoreOnlyAsync(IServiceProvider services)
    {
        var invoices = services.GetRequiredService<InvoiceStore>();
        var invoice = (await invoices.AllAsync(DemoWorld.ContosoPartner, CancellationToken.None))[^1];
        foreach (var json in new[] { true, false })
        {
            var sink = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
            long bytes = 0;
            var watch = Stopwatch.StartNew();
            var (rows, _) = await invoices.CopyReconAsync(invoice.Id, 0, 0, null, json, sink, _ =>
            {
                bytes += sink.WrittenCount;
                sink.ResetWrittenCount();
                return ValueTask.CompletedTask;
            }, CancellationToken.None);
            bytes += sink.WrittenCount;
            Console.WriteLine($"{invoice.Id} billed recon, store only ({(json ? "JSON" : "CSV")} rows, no HTTP): {rows} lines, {bytes / 1048576.0:0.0} MiB, " +
                $"{watch.Elapsed.TotalSeconds:0.00} s = {rows / watch.Elapsed.TotalSeconds:0} lines/s");
        }
    }

    private static async Task ExportAsync(int port, bool withUsage)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(30) };
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "admin@contoso-partner.example",
            ["password"] = DemoWorld.Password,
        });
        var token = JsonNode.Parse(await (await http.PostAsync("/oauth2/token", form)).Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var invoice = JsonNode.Parse(await http.GetStringAsync("/v1/invoices?size=1"))!["items"]![0]!["id"]!.GetValue<string>();
        var recon = $"/v1/invoices/{invoice}/lineitems?provider=onetime&invoiceLineItemType=billinglineitems&currencyCode=USD&period=current&size=2000";
        var usage = $"/v1/invoices/{invoice}/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&currencyCode=USD&period=current&size=2000";
        // One untimed page first, so the timings are the steady state (routes compiled, connection open).
        (await http.GetAsync(recon)).EnsureSuccessStatusCode();
        await Rating.UnbilledBenchmark.MeasurePagesAsync(http, recon, $"{invoice} billed recon, JSON pages of 2000");
        await Rating.UnbilledBenchmark.MeasureCsvAsync(http, recon, $"{invoice} billed recon, CSV download");
        // Three rounds: the first is the process's first export (its code not yet compiled), the others the steady state.
        for (var round = 1; round <= 3; round++)
        {
            await Rating.UnbilledBenchmark.MeasureExportAsync(http, "/v1.0/reports/partners/billing/reconciliation/billed/export",
                $$"""{"invoiceId":"{{invoice}}","attributeSet":"full"}""", $"{invoice} billed recon, async export (Graph), round {round}");
        }

        if (!withUsage)
        {
            return;
        }

        await Rating.UnbilledBenchmark.MeasurePagesAsync(http, usage, $"{invoice} billed daily-rated usage, JSON pages of 2000");
        await Rating.UnbilledBenchmark.MeasureCsvAsync(http, usage, $"{invoice} billed daily-rated usage, CSV download");
        await Rating.UnbilledBenchmark.MeasureExportAsync(http, "/v1.0/reports/partners/billing/usage/billed/export",
            $$"""{"invoiceId":"{{invoice}}","attributeSet":"full"}""", $"{invoice} billed daily-rated usage, async export (Graph)");
    }

    private static async Task<WebApplication> OpenAsync(string directory, int? port)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = directory,
            ["PlanCenter:SeedDemo"] = "true",
            ["PlanCenter:Billing:AutoClose"] = "false",
        });
        builder.AddPlanCenter();
        if (port is null)
        {
            var offline = builder.Build();
            await PlanCenterHost.InitializeAsync(offline.Services, CancellationToken.None);
            return offline;
        }

        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.UsePlanCenter();
        await app.StartAsync();
        return app;
    }

    private static async Task PrepareAsync(IServiceProvider services, DateOnly period, long lines, int customers, string[] args)
    {
        var watch = Stopwatch.StartNew();
        IReadOnlyList<SimSubscription> world;
        using (var scope = services.CreateScope())
        {
            world = await scope.ServiceProvider.GetRequiredService<SimulationWorld>().EnsureAsync(DemoWorld.ContosoPartner, customers, 7, period, CancellationToken.None);
        }

        var rating = services.GetRequiredService<ServerRating>();
        var inputs = await rating.CatchUpAsync(CancellationToken.None);
        var context = inputs.ContextOn(period);
        var meters = UsageSimulator.DefaultMeters.Select(m => new MeterId(Guid.Parse(m.MeterId))).ToArray();
        var days = period.AddMonths(1).AddDays(-1).Day;
        // Exactly `lines` lines: each customer gets lines / customers, as `combos` resource-meters every day
        // plus one more resource-meter on the first `extraDays` days.
        var perCustomer = (int)(lines / customers);
        var combos = perCustomer / days;
        var extraDays = perCustomer % days;
        var from = int.Parse(Text(args, "--combos-from") ?? "0", CultureInfo.InvariantCulture);
        Console.WriteLine($"preparing {customers} customers × {perCustomer} lines ({combos} resource-meters a day, one more on {extraDays} days) of {BillingCalendar.Format(period)}"
            + (from > 0 ? $", resource-meters from #{from} only (extending a prepared instance)" : ""));
        var random = new Random(7);
        var database = services.GetRequiredService<SqliteDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var transaction = connection.BeginTransaction();
        long written = 0;
        for (var c = 0; c < world.Count; c++)
        {
            var entitlement = new AzureSubscriptionId(world[c].Id);
            var daily = new List<DailyUsageLine>(perCustomer);
            for (var k = from; k <= combos; k++)
            {
                var meter = meters[k % meters.Length];
                var resource = $"/subscriptions/{entitlement}/resourceGroups/rg{k % 7}/providers/Microsoft.Compute/virtualMachines/vm{k}";
                for (var d = 1; d <= (k < combos ? days : extraDays); d++)
                {
                    var day = new DateOnly(period.Year, period.Month, d);
                    daily.Add(new DailyUsageLine
                    {
                        EntitlementId = entitlement,
                        ResourceUri = resource,
                        MeterId = meter,
                        UsageDate = day,
                        Quantity = Math.Round((decimal)random.NextDouble() * 24m, 6, MidpointRounding.ToEven),
                        LatestUsageStartAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 0)), TimeSpan.Zero),
                        LatestUsageRecordId = Guid.NewGuid().ToString(),
                        ResourceLocation = "westeurope",
                        ConsumedService = "Microsoft.Compute",
                        Tags = k % 3 == 0 ? """{"env":"prod","team":"billing"}""" : null,
                    });
                }
            }

            ServerRating.Insert(connection, transaction, default, new RatingEngine(context, rating.Options).Rate(daily));
            written += daily.Count;
            if ((c + 1) % 100 == 0)
            {
                transaction.Commit();
                transaction.Dispose();
                transaction = connection.BeginTransaction();
                Console.Write($"\r  {written:N0} lines, {watch.Elapsed.TotalSeconds:0} s");
            }
        }

        transaction.Commit();
        transaction.Dispose();
        Console.WriteLine($"\rprepared {written:N0} lines in {watch.Elapsed.TotalSeconds:0} s");
    }

    /// <summary>
    /// The prepared lines have no usage records behind them, so a re-rating (which a changed fingerprint of
    /// the reference data triggers, e.g. after a build that computes it differently) would remove them. The
    /// reference data is the one they were rated with: record that, so catching up leaves them alone.
    /// </summary>
    private static async Task StampRatedAsync(IServiceProvider services)
    {
        await using var connection = await services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE rating_state SET value = $fingerprint WHERE name = 'fingerprint';";
        command.Parameters.AddWithValue("$fingerprint", RatingInputs.ReadFingerprint(connection, null));
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Undoes a benchmark close so that the prepared month can be closed again (bench only: invoices are never deleted otherwise).</summary>
    private static async Task ResetAsync(IServiceProvider services, DateOnly period)
    {
        await using var connection = await services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM invoice_recon_lines; DELETE FROM invoice_documents; DELETE FROM invoices;
            DELETE FROM billing_closes WHERE period >= $period; UPDATE invoice_number_seq SET last = 0;
            """;
        command.Parameters.AddWithValue("$period", BillingCalendar.Format(period));
        await command.ExecuteNonQueryAsync();
    }
}
