using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Storage.Exports;
using Shouldly;

namespace PlanCenter.Api.Tests.Exports;

/// <summary>An operation seen while it runs: a source that waits for the test before it yields its records.</summary>
public sealed class ExportProgressTests
{
    /// <summary>Three reconciliation-shaped records, released by <see cref="Release"/>.</summary>
    private sealed class GatedSource : IExportSource
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ExportKind Kind => ExportKind.UnbilledUsage;

        public void Release() => _gate.TrySetResult();

        public Task<bool> ExistsAsync(ExportRequest request, CancellationToken ct) => Task.FromResult(true);

        public Task<long?> CountAsync(ExportRequest request, CancellationToken ct) => Task.FromResult<long?>(3);

        public async IAsyncEnumerable<ExportRecord> ReadAsync(ExportRequest request, [EnumeratorCancellation] CancellationToken ct)
        {
            await _gate.Task.WaitAsync(ct);
            for (var i = 0; i < 3; i++)
            {
                var cells = new string?[InvoiceRecon.Headers.Count];
                cells[0] = $"row {i}";
                yield return ExportRecord.OfReconciliation(cells);
            }
        }
    }

    [Fact]
    public async Task Operation_WhileTheSourceIsBusy_IsRunningWithProgress_ThenSucceeds()
    {
        var source = new GatedSource();
        using var factory = new PlanCenterFactory { ConfigureMoreServices = services => services.AddSingleton<IExportSource>(source) };
        var client = await factory.SignInAsync(UsageWorld.Admin);

        var operationUrl = await ExportClient.StartAsync(client);
        var running = (await client.GetAsync(operationUrl)).Body;
        for (var i = 0; i < 200 && running["status"]!.GetValue<string>() != "running"; i++)
        {
            await Task.Delay(20);
            running = (await client.GetAsync(operationUrl)).Body;
        }

        running["status"]!.GetValue<string>().ShouldBe("running");
        running["@odata.type"]!.GetValue<string>().ShouldBe("#microsoft.graph.partners.billing.runningOperation");
        running["lastActionDateTime"]!.GetValue<string>().ShouldStartWith("2026-01-15T09:30:00");
        running["resourceLocation@odata.navigationLink"].ShouldBeNull();
        running["@plancenter.progress"]!["recordsTotal"]!.GetValue<long>().ShouldBe(3);
        running["@plancenter.progress"]!["percentComplete"]!.GetValue<decimal>().ShouldBe(0m);

        source.Release();
        var done = await ExportClient.WaitAsync(client, operationUrl);
        var manifest = (await client.GetAsync(done["resourceLocation@odata.navigationLink"]!.GetValue<string>())).Body;
        var lines = (await ExportClient.DownloadAsync(factory.CreateClient(), manifest)).SelectMany(b => b).ToList();

        done["status"]!.GetValue<string>().ShouldBe("succeeded");
        done["@plancenter.progress"]!["recordsDone"]!.GetValue<long>().ShouldBe(3);
        lines.Select(l => l["PartnerId"]!.GetValue<string>()).ShouldBe(["row 0", "row 1", "row 2"]);
    }

    [Fact]
    public async Task BilledReconciliationExport_RoleWithoutReadInvoices_Is403InGraphShape()
    {
        using var factory = new PlanCenterFactory();
        var sales = await factory.SignInAsync("sales@contoso-partner.example");

        var response = await sales.PostAsync(ExportClient.Base + "/reconciliation/billed/export", """{"invoiceId":"G000000001"}""");

        response.Status.ShouldBe(HttpStatusCode.Forbidden, response.Text);
        response.Body["error"]!["code"]!.GetValue<string>().ShouldBe("Forbidden");
    }
}
