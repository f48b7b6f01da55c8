using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Storage;
using PlanCenter.Storage.Billing;
using PlanCenter.Storage.Exports;
using Shouldly;

namespace PlanCenter.Api.Tests.Exports;

/// <summary>Fixture: January usage, then the clock moved past the January close and January closed.</summary>
public sealed class ClosedJanuary : IAsyncLifetime
{
    public PlanCenterFactory Factory { get; } = new();

    public UsageWorld World { get; private set; } = null!;

    public PartnerClient Client { get; private set; } = null!;

    public string InvoiceId { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        World = await UsageWorld.CreateAsync(Factory);
        await World.PostUsageAsync(
            ("b1", World.Resource("a"), UsageWorld.TieredMeter, "2026-01-15T10:00:00Z", "8"),
            ("b2", World.Resource("a"), UsageWorld.TieredMeter, "2026-01-16T01:00:00Z", "5"),
            ("b3", World.Resource("b", "rg2"), UsageWorld.TieredMeter, "2026-01-16T02:00:00Z", "2.5"),
            ("b4", World.Resource("c"), UsageWorld.TieredMeter, "2026-01-15T12:00:00Z", "40"));
        Factory.Time.Advance(TimeSpan.FromDays(22));
        await Factory.Services.GetRequiredService<PeriodClose>().CloseThroughAsync(new DateOnly(2026, 1, 1), CancellationToken.None);
        Client = await Factory.SignInAsync(UsageWorld.Admin);
        var invoices = await Client.GetAsync("/v1/invoices");
        invoices.Status.ShouldBe(HttpStatusCode.OK, invoices.Text);
        InvoiceId = invoices.Body["items"]!.AsArray().Single(i => i!["currencyCode"]!.GetValue<string>() == "USD")!["id"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>The billed exports over the month close's invoices: usage lines billed on an invoice and its recon lines.</summary>
public sealed class BilledExportTests(ClosedJanuary january) : IClassFixture<ClosedJanuary>
{
    private PartnerClient Client => january.Client;

    [Fact]
    public async Task BilledUsageExport_GivesTheBilledLinesOfTheInvoiceWithItsNumber()
    {
        var manifest = await ExportClient.ManifestAsync(Client, "/usage/billed/export", $$"""{"invoiceId":"{{january.InvoiceId}}","attributeSet":"full"}""");
        var exported = (await ExportClient.DownloadAsync(january.Factory.CreateClient(), manifest)).SelectMany(b => b).ToList();

        var api = await UsageWorld.ReadAllAsync(Client,
            $"/v1/invoices/{january.InvoiceId}/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&currencyCode=USD&period=current&size=2000");

        api.Count.ShouldBeGreaterThanOrEqualTo(4);
        ExportClient.ShouldMatchApiItems(exported, api);
        exported.ShouldAllBe(l => l["InvoiceNumber"]!.GetValue<string>() == january.InvoiceId);
    }

    [Fact]
    public async Task BilledReconciliationExport_GivesTheInvoiceReconLines()
    {
        var manifest = await ExportClient.ManifestAsync(Client, "/reconciliation/billed/export", $$"""{"invoiceId":"OneTime-{{january.InvoiceId}}"}""");
        var exported = (await ExportClient.DownloadAsync(january.Factory.CreateClient(), manifest)).SelectMany(b => b).ToList();

        var api = await UsageWorld.ReadAllAsync(Client,
            $"/v1/invoices/{january.InvoiceId}/lineitems?provider=onetime&invoiceLineItemType=billinglineitems&size=2000");

        api.Count.ShouldBeGreaterThanOrEqualTo(2);
        exported.Count.ShouldBe(api.Count);
        for (var i = 0; i < api.Count; i++)
        {
            exported[i].Select(p => p.Key).ShouldBe(InvoiceRecon.Headers);
            exported[i]["InvoiceNumber"]!.GetValue<string>().ShouldBe(january.InvoiceId);
            exported[i]["CustomerId"]!.GetValue<string>().ShouldBe(api[i]["customerId"]!.GetValue<string>());
            exported[i]["Subtotal"]!.GetValue<decimal>().ShouldBe(api[i]["subtotal"]!.GetValue<decimal>());
            exported[i]["Total"]!.GetValue<decimal>().ShouldBe(api[i]["totalForCustomer"]!.GetValue<decimal>());
            exported[i]["BillableQuantity"]!.GetValue<decimal>().ShouldBe(api[i]["billableQuantity"]!.GetValue<decimal>());
            exported[i]["EffectiveUnitPrice"]!.GetValue<decimal>().ShouldBe(api[i]["effectiveUnitPrice"]!.GetValue<decimal>());
        }
    }

    [Fact]
    public async Task BilledReconciliationExport_OfAnInvoiceIssuedBeforeExportRecordsWereStored_IsRenderedFromItsCsvRows()
    {
        const string route = "/reconciliation/billed/export";
        var body = $$"""{"invoiceId":"{{january.InvoiceId}}"}""";
        var stored = (await ExportClient.DownloadAsync(january.Factory.CreateClient(), await ExportClient.ManifestAsync(Client, route, body)))
            .SelectMany(b => b).ToList();
        await using (var connection = await january.Factory.Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE invoice_recon_lines SET export_json = NULL WHERE invoice_id = $id;";
            command.Parameters.AddWithValue("$id", january.InvoiceId);
            (await command.ExecuteNonQueryAsync()).ShouldBe(stored.Count);
        }

        var rendered = (await ExportClient.DownloadAsync(january.Factory.CreateClient(), await ExportClient.ManifestAsync(Client, route, body)))
            .SelectMany(b => b).ToList();

        rendered.Count.ShouldBe(stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            rendered[i].Select(p => p.Key).ShouldBe(stored[i].Select(p => p.Key));
            foreach (var (name, value) in stored[i])
            {
                ExportClient.Same(rendered[i][name], value).ShouldBeTrue($"line {i} {name}: {rendered[i][name]?.ToJsonString()} vs {value?.ToJsonString()}");
            }
        }
    }

    [Fact]
    public async Task BilledExport_OtherPartnersInvoice_Is404()
    {
        var fabrikam = await january.Factory.SignInAsync("admin@fabrikam-partner.example");

        var response = await fabrikam.PostAsync(ExportClient.Base + "/usage/billed/export", $$"""{"invoiceId":"{{january.InvoiceId}}"}""");

        response.Status.ShouldBe(HttpStatusCode.NotFound, response.Text);
        response.Body["error"]!["code"]!.GetValue<string>().ShouldBe("NotFound");
    }

    [Fact]
    public async Task BilledFocus_HasOneRowPerBilledLineWithTheInvoiceId()
    {
        var response = await Client.GetAsync($"/v1/invoices/{january.InvoiceId}/focus");
        var api = await UsageWorld.ReadAllAsync(Client,
            $"/v1/invoices/{january.InvoiceId}/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&currencyCode=USD&period=current&size=2000");

        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        var rows = response.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        rows[0].ShouldBe(string.Join(',', FocusCost.Headers));
        rows.Length.ShouldBe(api.Count + 1);
        var invoiceColumn = FocusCost.Headers.ToList().IndexOf("InvoiceId");
        rows.Skip(1).ShouldAllBe(r => CsvCells.Split(r)[invoiceColumn] == january.InvoiceId);
        var billed = rows.Skip(1).Sum(r => decimal.Parse(CsvCells.Split(r)[0]!, System.Globalization.CultureInfo.InvariantCulture));
        billed.ShouldBe(api.Sum(i => i["billingPreTaxTotal"]!.GetValue<decimal>()));
    }
}
