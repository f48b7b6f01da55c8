using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>
/// The real server process, killed while usage batches stream in: no acknowledged record is lost, and
/// after a restart re-sending everything counts each record exactly once.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CrashSafetyTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "plancenter-crash", Guid.NewGuid().ToString("N"));
    private Process? _server;

    public void Dispose()
    {
        Stop();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task KillMidStream_LosesNoAcknowledgedRecord_AndCountsNothingTwiceAfterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        var http = await StartAsync();
        var client = new PartnerClient(http, await PartnerClient.GetUserTokenAsync(http, "admin@contoso-partner.example"));
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
        var subscription = await Journey.DefaultAzureSubscriptionAsync(client, customerId, planId);
        var token = await PartnerClient.GetUserTokenAsync(http, "admin@contoso-partner.example");
        var today = TimeProvider.System.GetUtcNow().UtcDateTime.Date;
        const int Batches = 30, PerBatch = 2000;
        var batches = Enumerable.Range(0, Batches).Select(b => Metering.Csv(Enumerable.Range(0, PerBatch).Select(i =>
            Metering.Line(Guid.NewGuid().ToString(), subscription, start: today.AddSeconds(i).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))))).ToArray();

        var acknowledged = 0;
        for (var b = 0; b < 6; b++)
        {
            var response = await Metering.PostAsync(http, token, batches[b]);
            response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
            acknowledged += response.Body.Int("accepted");
        }

        // Two more batches in flight, then the process dies without any shutdown.
        var inFlight = new[] { Metering.PostAsync(http, token, batches[6]), Metering.PostAsync(http, token, batches[7]) };
        await Task.Delay(30, ct);
        _server!.Kill(entireProcessTree: true);
        await _server.WaitForExitAsync(ct);
        foreach (var request in inFlight)
        {
            try
            {
                var response = await request;
                if (response.Status == HttpStatusCode.OK)
                {
                    acknowledged += response.Body.Int("accepted");
                }
            }
            catch (HttpRequestException)
            {
                // Not acknowledged: it may or may not have committed, but never in part.
            }
        }

        var (stored, distinct) = await CountAsync(ct);
        stored.ShouldBeGreaterThanOrEqualTo(acknowledged, "every acknowledged record survives the kill");
        distinct.ShouldBe(stored);
        (stored % PerBatch).ShouldBe(0, "a batch commits whole or not at all");
        stored.ShouldBeLessThanOrEqualTo(acknowledged + (2 * PerBatch), "only the two batches in flight may have committed unacknowledged");

        http = await StartAsync();
        token = await PartnerClient.GetUserTokenAsync(http, "admin@contoso-partner.example");
        long acceptedAfter = 0, duplicatesAfter = 0;
        foreach (var batch in batches)
        {
            var response = await Metering.PostAsync(http, token, batch);
            response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
            acceptedAfter += response.Body.Int("accepted");
            duplicatesAfter += response.Body.Int("duplicates");
        }

        Stop();
        acceptedAfter.ShouldBe((Batches * PerBatch) - stored);
        duplicatesAfter.ShouldBe(stored);
        (await CountAsync(ct)).ShouldBe((Batches * PerBatch, Batches * PerBatch));
    }

    private async Task<(long Stored, long Distinct)> CountAsync(CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "plancenter.db")};Pooling=False");
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), (SELECT COUNT(*) FROM (SELECT DISTINCT key_hi, key_lo FROM usage_records)) FROM usage_records;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<HttpClient> StartAsync()
    {
        var dll = Repository.CliDll;
        File.Exists(dll).ShouldBeTrue(dll);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("dotnet", [dll, "--data-dir", _dataDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://localhost:{port}"), Timeout = TimeSpan.FromSeconds(60) };
        for (var attempt = 0; attempt < 900; attempt++)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return http;
                }
            }
            catch (HttpRequestException)
            {
            }

            _server.HasExited.ShouldBeFalse("the server exited during start-up");
            await Task.Delay(100);
        }

        throw new TimeoutException("the server did not start");
    }

    private void Stop()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit();
        }

        _server?.Dispose();
        _server = null;
        SqliteConnection.ClearAllPools();
    }
}
