using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Application.Simulation;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage;
using PlanCenter.Storage.Rating;
using Shouldly;

namespace PlanCenter.Api.Tests.Billing;

/// <summary>
/// The real <c>plancenter close</c> process, killed at growing delays while it closes a month of about
/// 100,000 daily lines: after every kill the period is either open with no invoice at all, or closed with the
/// whole invoice; a final run closes it, and a run after that changes nothing.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CloseCrashTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "plancenter-close-crash", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task KilledMidClose_LeavesNoInvoiceOrTheWholeInvoice_AndTheNextCloseCompletes()
    {
        var ct = TestContext.Current.CancellationToken;
        var period = BillingCalendar.Default.LatestDue(TimeProvider.System.GetUtcNow());
        var lines = await PrepareAsync(period, customers: 40, resourceMeters: 80, ct);

        var killedOpen = 0;
        var closed = false;
        for (var attempt = 0; attempt < 12 && !closed; attempt++)
        {
            using var process = StartClose(period);
            var finished = await WaitAsync(process, TimeSpan.FromMilliseconds(900 + (attempt * 350)), ct);
            if (!finished)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(ct);
            }

            SqliteConnection.ClearAllPools();
            var state = await ReadStateAsync(period, ct);
            if (state.Closed)
            {
                state.Invoices.ShouldBe(1);
                state.UsageLines.ShouldBe(lines);
                state.ReconLines.ShouldBe(state.StoredReconLines, "an issued invoice has all its recon lines");
                state.Total.ShouldBe(state.StoredSubtotals, "its total is the sum of its stored lines");
                closed = true;
            }
            else
            {
                state.Invoices.ShouldBe(0, "an unfinished close leaves no invoice");
                state.StoredReconLines.ShouldBe(0, "an unfinished close leaves no recon line");
                killedOpen += finished ? 0 : 1;
            }
        }

        killedOpen.ShouldBeGreaterThan(0, "at least one kill landed before the close committed");
        if (!closed)
        {
            using var last = StartClose(period);
            (await WaitAsync(last, TimeSpan.FromMinutes(2), ct)).ShouldBeTrue();
            last.ExitCode.ShouldBe(0);
        }

        var done = await ReadStateAsync(period, ct);
        done.Closed.ShouldBeTrue();
        done.Invoices.ShouldBe(1);
        done.UsageLines.ShouldBe(lines);
        done.ReconLines.ShouldBe(done.StoredReconLines);

        using var again = StartClose(period);
        (await WaitAsync(again, TimeSpan.FromMinutes(2), ct)).ShouldBeTrue();
        again.ExitCode.ShouldBe(0);
        (await ReadStateAsync(period, ct)).ShouldBe(done);
    }

    /// <summary>An instance with <paramref name="customers"/> simulated customers and rated lines for every day of <paramref name="period"/>.</summary>
    private async Task<long> PrepareAsync(DateOnly period, int customers, int resourceMeters, CancellationToken ct)
    {
        await using var factory = PlanCenterFactory.OnDisk(_dataDirectory);
        factory.ConfigureMoreServices = s => s.AddSingleton(new Storage.Billing.BillingSettings(BillingCalendar.Default, AutoClose: false));
        _ = factory.Server;
        IReadOnlyList<SimSubscription> world;
        using (var scope = factory.Services.CreateScope())
        {
            world = await scope.ServiceProvider.GetRequiredService<SimulationWorld>().EnsureAsync(Api.DemoWorld.ContosoPartner, customers, 3, period, ct);
        }

        var rating = factory.Services.GetRequiredService<ServerRating>();
        var inputs = await rating.CatchUpAsync(ct);
        var engine = new RatingEngine(inputs.ContextOn(period), rating.Options);
        var meters = UsageSimulator.DefaultMeters.Select(m => new MeterId(Guid.Parse(m.MeterId))).ToArray();
        var days = period.AddMonths(1).AddDays(-1).Day;
        long count = 0;
        await using var connection = await factory.Services.GetRequiredService<SqliteDatabase>().OpenAsync(ct);
        using var transaction = connection.BeginTransaction();
        foreach (var subscription in world)
        {
            var entitlement = new AzureSubscriptionId(subscription.Id);
            var daily = new List<DailyUsageLine>();
            for (var k = 0; k < resourceMeters; k++)
            {
                for (var d = 1; d <= days; d++)
                {
                    var day = new DateOnly(period.Year, period.Month, d);
                    daily.Add(new DailyUsageLine
                    {
                        EntitlementId = entitlement,
                        ResourceUri = $"/subscriptions/{entitlement}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm{k}",
                        MeterId = meters[k % meters.Length],
                        UsageDate = day,
                        Quantity = 1.5m + (k % 7) + (d / 10m),
                        LatestUsageStartAt = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                        LatestUsageRecordId = $"{k}-{d}",
                    });
                }
            }

            ServerRating.Insert(connection, transaction, default, engine.Rate(daily));
            count += daily.Count;
        }

        transaction.Commit();
        return count;
    }

    private Process StartClose(DateOnly period)
    {
        var dll = Repository.CliDll;
        File.Exists(dll).ShouldBeTrue(dll);
        var start = new ProcessStartInfo("dotnet", [dll, "close", "--period", BillingCalendar.Format(period), "--data-dir", _dataDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<bool> WaitAsync(Process process, TimeSpan timeout, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private sealed record CloseState(bool Closed, long Invoices, long UsageLines, long ReconLines, long StoredReconLines, decimal Total, decimal StoredSubtotals);

    private async Task<CloseState> ReadStateAsync(DateOnly period, CancellationToken ct)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "plancenter.db")};Pooling=False");
        await connection.OpenAsync(ct);
        async Task<object?> ScalarAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$period", BillingCalendar.Format(period));
            return await command.ExecuteScalarAsync(ct);
        }

        decimal Sum(IEnumerable<string> texts) => texts.Sum(t => decimal.Parse(t, CultureInfo.InvariantCulture));
        var closed = (long)(await ScalarAsync("SELECT COUNT(*) FROM billing_closes WHERE period = $period"))! == 1;
        var invoices = (long)(await ScalarAsync("SELECT COUNT(*) FROM invoices WHERE period = $period"))!;
        var usage = (long)(await ScalarAsync("SELECT COALESCE(SUM(usage_lines), 0) FROM invoices WHERE period = $period"))!;
        var recon = (long)(await ScalarAsync("SELECT COALESCE(SUM(recon_lines), 0) FROM invoices WHERE period = $period"))!;
        var stored = (long)(await ScalarAsync("SELECT COUNT(*) FROM invoice_recon_lines"))!;
        var totals = new List<string>();
        var subtotals = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT total FROM invoices; ";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                totals.Add(reader.GetString(0));
            }
        }

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT subtotal FROM invoice_recon_lines;";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                subtotals.Add(reader.GetString(0));
            }
        }

        return new CloseState(closed, invoices, usage, recon, stored, Sum(totals), Sum(subtotals));
    }
}
