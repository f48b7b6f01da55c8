using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlanCenter.Api;
using PlanCenter.Application.Simulation;
using PlanCenter.Application.Usage;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Benchmarks.Rating;

/// <summary>
/// Unbilled reconciliation (issue 5): a real PlanCenter server on loopback with the demo world, simulated
/// usage for N Contoso customers over the current month ingested through the ledger and rated by the
/// server, then the whole unbilled daily-rated usage read over HTTP as seek pages of 2000 (following
/// <c>MS-ContinuationToken</c>) and as one CSV download, and the unbilled invoice recon as pages.
/// </summary>
public static class UnbilledBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Option(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var customers = Option("--customers", 300);
        var port = Option("--port", 5791);
        var rounds = Option("--rounds", 3);
        var directory = Path.Combine(Path.GetTempPath(), "plancenter-bench", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = directory,
            ["PlanCenter:SeedDemo"] = "true",
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.AddPlanCenter();
        await using var app = builder.Build();
        app.UsePlanCenter();
        await app.StartAsync();
        try
        {
            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var start = new DateOnly(now.Year, now.Month, 1);
            var days = Math.Max(1, now.Day - 1);
            IReadOnlyList<SimSubscription> world;
            using (var scope = app.Services.CreateScope())
            {
                world = await scope.ServiceProvider.GetRequiredService<SimulationWorld>().EnsureAsync(DemoWorld.ContosoPartner, customers, 42, start, CancellationToken.None);
            }

            var simulator = new UsageSimulator(world, start, days, 42);
            var watch = Stopwatch.StartNew();
            long records = 0;
            await UsageBatchPipeline.IngestAsync(simulator.Usage().Select(r => new UsageRow(r, null)), 100_000, app.Services.GetRequiredService<IUsageLedger>(),
                null, "bench", r => records += r.Received, CancellationToken.None);
            var ingest = watch.Elapsed.TotalSeconds;
            watch.Restart();
            await app.Services.GetRequiredService<ServerRating>().CatchUpAsync(CancellationToken.None);
            Console.WriteLine($"{customers} customers, {days} days: {records} usage records ingested in {ingest:0.0} s, rating caught up {watch.Elapsed.TotalSeconds:0.0} s later");

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "password",
                ["username"] = "admin@contoso-partner.example",
                ["password"] = DemoWorld.Password,
            });
            var token = JsonNode.Parse(await (await http.PostAsync("/oauth2/token", form)).Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            const string Usage = "/v1/invoices/unbilled/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&currencyCode=&period=current&size=2000";
            const string Recon = "/v1/invoices/unbilled/lineitems?provider=onetime&invoiceLineItemType=billinglineitems&currencyCode=&period=current&size=2000";
            var rating = app.Services.GetRequiredService<ServerRating>();
            var month = new DateOnly(now.Year, now.Month, 1);
            for (var round = 1; round <= rounds; round++)
            {
                // The store alone: the stored CSV rows copied into a buffer that is reset on every flush (no HTTP).
                var sink = new System.Buffers.ArrayBufferWriter<byte>(1 << 20);
                long copied = 0;
                var storeWatch = Stopwatch.StartNew();
                var (rows, _, _) = await rating.CopyAsync(new RatedLineQuery(DemoWorld.ContosoPartner, month, null, null), null, 0, json: false, sink, _ =>
                {
                    copied += sink.WrittenCount;
                    sink.ResetWrittenCount();
                    return ValueTask.CompletedTask;
                }, CancellationToken.None);
                Report($"round {round}: store only, CSV rows copied in-process", rows, copied + sink.WrittenCount, storeWatch.Elapsed, "no HTTP");
                await MeasurePagesAsync(http, Usage, $"round {round}: usage line items, JSON pages of 2000");
                await MeasureCsvAsync(http, Usage, $"round {round}: usage line items, CSV download");
                await MeasurePagesAsync(http, Recon, $"round {round}: invoice recon line items, JSON pages of 2000");
                await MeasureCsvAsync(http, "/v1/invoices/unbilled/focus?period=current", $"round {round}: FOCUS 1.2 CSV download");
                await MeasureExportAsync(http, "full", $"round {round}: async export (Graph), full attributes");
                await MeasureExportAsync(http, "basic", $"round {round}: async export (Graph), basic attributes");
            }

            return 0;
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static readonly byte[] TokenMarker = Encoding.UTF8.GetBytes("\"continuationToken\":\"");
    private static readonly byte[] CountMarker = Encoding.UTF8.GetBytes("\"totalCount\":");

    /// <summary>Follows every page; the client streams each body and finds the count and the token in its tail (no full parse).</summary>
    internal static async Task MeasurePagesAsync(HttpClient http, string path, string label)
    {
        var watch = Stopwatch.StartNew();
        long lines = 0, bytes = 0, pages = 0;
        string? token = null;
        var chunk = new byte[1 << 18];
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, token is null ? path : path + "&seekOperation=Next");
            if (token is not null)
            {
                request.Headers.Add("MS-ContinuationToken", token);
            }

            // Streamed as a lean client would: the count and the token are in the members after `items`, so only
            // the tail of the body is kept.
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(chunk.AsMemory(length))) > 0)
            {
                bytes += read;
                length += read;
                if (length > chunk.Length - (1 << 16))
                {
                    // Keep the last 8 KiB (the tail may straddle reads) and make room.
                    chunk.AsSpan(length - 8192, 8192).CopyTo(chunk);
                    length = 8192;
                }
            }

            var body = chunk.AsSpan(0, length).ToArray();
            pages++;
            var at = body.AsSpan().IndexOf(CountMarker) + CountMarker.Length;
            var end = body.AsSpan(at).IndexOfAny((byte)',', (byte)'}');
            lines += long.Parse(Encoding.ASCII.GetString(body, at, end), CultureInfo.InvariantCulture);
            var tokenAt = body.AsSpan().LastIndexOf(TokenMarker);
            token = tokenAt < 0 ? null : Encoding.UTF8.GetString(body.AsSpan(tokenAt + TokenMarker.Length, body.AsSpan(tokenAt + TokenMarker.Length).IndexOf((byte)'"')));
        }
        while (token is not null);

        Report(label, lines, bytes, watch.Elapsed, $"{pages} pages");
    }

    internal static async Task MeasureCsvAsync(HttpClient http, string path, string label)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 16];
        long newlines = 0, bytes = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            newlines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        Report(label, newlines - 1, bytes, watch.Elapsed, "one stream");
    }

    /// <summary>
    /// The asynchronous export (api.md §14.1): POST, poll every 5 ms until succeeded, then download and
    /// gunzip every blob with the SAS token. Reports the export (POST to succeeded) and the download separately.
    /// </summary>
    private static Task MeasureExportAsync(HttpClient http, string attributeSet, string label) =>
        MeasureExportAsync(http, "/v1.0/reports/partners/billing/usage/unbilled/export",
            $$"""{"currencyCode":"USD","billingPeriod":"current","attributeSet":"{{attributeSet}}"}""", label);

    /// <summary>The asynchronous export posted to <paramref name="path"/> with <paramref name="body"/>, timed as above.</summary>
    internal static async Task MeasureExportAsync(HttpClient http, string path, string body, string label)
    {
        var watch = Stopwatch.StartNew();
        using var post = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        post.EnsureSuccessStatusCode();
        var operationUrl = post.Headers.Location!;
        JsonNode operation;
        while (true)
        {
            operation = JsonNode.Parse(await http.GetStringAsync(operationUrl))!;
            var status = operation["status"]!.GetValue<string>();
            if (status == "failed")
            {
                throw new InvalidOperationException(operation.ToJsonString());
            }

            if (status == "succeeded")
            {
                break;
            }

            await Task.Delay(5);
        }

        var exported = watch.Elapsed;
        var manifest = JsonNode.Parse(await http.GetStringAsync(operation["resourceLocation@odata.navigationLink"]!.GetValue<string>()))!;
        var records = manifest["@plancenter.recordCount"]!.GetValue<long>();
        Report(label + ", POST to succeeded", records, 0, exported, $"{manifest["blobCount"]} blobs");
        watch.Restart();
        long lines = 0, bytes = 0;
        using var anonymous = new HttpClient();
        foreach (var blob in manifest["blobs"]!.AsArray())
        {
            var url = $"{manifest["rootDirectory"]}/{blob!["name"]}?{manifest["sasToken"]}";
            await using var stream = await anonymous.GetStreamAsync(url);
            await using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await gzip.ReadAsync(buffer)) > 0)
            {
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }

        Report(label + ", blobs downloaded and gunzipped", lines, bytes, watch.Elapsed, "SAS, no bearer");
    }

    private static void Report(string label, long lines, long bytes, TimeSpan elapsed, string how) =>
        Console.WriteLine($"{label}: {lines} lines, {bytes / (1024.0 * 1024.0):0.0} MiB, {how}, {elapsed.TotalSeconds:0.00} s = {lines / elapsed.TotalSeconds:0} lines/s");
}
