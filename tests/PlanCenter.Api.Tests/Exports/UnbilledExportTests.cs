using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Storage;
using PlanCenter.Storage.Exports;
using Shouldly;

namespace PlanCenter.Api.Tests.Exports;

/// <summary>Fixture: a host whose blobs hold at most 3 records, so a few lines make several blobs.</summary>
public sealed class SmallBlobFactory : IDisposable
{
    public SmallBlobFactory()
    {
        Factory.ConfigureMoreServices = services =>
        {
            services.RemoveAll<ExportOptions>();
            services.AddSingleton(new ExportOptions { MaxRecordsPerBlob = 3 });
        };
    }

    public PlanCenterFactory Factory { get; } = new();

    public void Dispose() => Factory.Dispose();
}

/// <summary>
/// The asynchronous unbilled usage export (api.md §14.1): what the blobs hold must be exactly the unbilled
/// daily-rated lines of the line-item API, under the §14.3 attribute names.
/// </summary>
public sealed class UnbilledExportTests(SmallBlobFactory fixture) : IClassFixture<SmallBlobFactory>
{
    private const string Meter = UsageWorld.TieredMeter;

    private PlanCenterFactory Factory => fixture.Factory;

    private async Task<UsageWorld> WorldWithUsageAsync()
    {
        var world = await UsageWorld.CreateAsync(Factory);
        var id = Guid.NewGuid().ToString("N")[..8];
        await world.PostUsageAsync(
            ($"{id}-1", world.Resource("a"), Meter, "2026-01-15T10:00:00Z", "8"),
            ($"{id}-2", world.Resource("a"), Meter, "2026-01-16T01:00:00Z", "5.25"),
            ($"{id}-3", world.Resource("b", "rg2"), Meter, "2026-01-16T02:00:00Z", "2"),
            ($"{id}-4", world.Resource("c"), Meter, "2026-01-15T12:00:00Z", "1.125"),
            ($"{id}-5", world.Resource("d"), Meter, "2026-01-16T03:00:00Z", "30"),
            ($"{id}-6", world.Resource("e"), Meter, "2026-01-15T13:00:00Z", "0.5"),
            ($"{id}-7", world.Resource("f"), Meter, "2026-01-16T04:00:00Z", "7"));
        return world;
    }

    [Fact]
    public async Task UnbilledExport_ManifestRoundTrip_GivesTheLinesOfTheUnbilledApi()
    {
        var world = await WorldWithUsageAsync();

        var manifest = await ExportClient.ManifestAsync(world.Client);
        var blobs = await ExportClient.DownloadAsync(Factory.CreateClient(), manifest);

        var api = await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath());
        var exported = blobs.SelectMany(b => b).ToList();
        api.Count.ShouldBeGreaterThanOrEqualTo(7);
        exported.Count.ShouldBe(api.Count);
        manifest["blobCount"]!.GetValue<int>().ShouldBe((api.Count + 2) / 3);
        blobs.ShouldAllBe(b => b.Count >= 1 && b.Count <= 3);
        manifest["@plancenter.recordCount"]!.GetValue<long>().ShouldBe(api.Count);
        ExportClient.ShouldMatchApiItems(exported, api);
    }

    [Fact]
    public async Task UnbilledExport_Manifest_HasTheGraphFields()
    {
        var world = await WorldWithUsageAsync();

        var operationUrl = await ExportClient.StartAsync(world.Client);
        var operation = await ExportClient.WaitAsync(world.Client, operationUrl);
        var manifest = (await world.Client.GetAsync(operation["resourceLocation@odata.navigationLink"]!.GetValue<string>())).Body;

        operation["@odata.type"]!.GetValue<string>().ShouldBe("#microsoft.graph.partners.billing.exportSuccessOperation");
        operation["id"]!.GetValue<string>().ShouldBe(operationUrl[(operationUrl.LastIndexOf('/') + 1)..]);
        operation["createdDateTime"]!.GetValue<string>().ShouldStartWith("2026-01-15T09:30:00");
        operation["@plancenter.progress"]!["percentComplete"]!.GetValue<decimal>().ShouldBe(100m);
        manifest["dataFormat"]!.GetValue<string>().ShouldBe("compressedJSONLines");
        manifest["partitionType"]!.GetValue<string>().ShouldBe("ItemCount");
        manifest["partnerTenantId"]!.GetValue<string>().ShouldBe(DemoWorld.ContosoPartner.ToString());
        manifest["rootDirectory"]!.GetValue<string>().ShouldBe($"http://localhost{ExportClient.Base}/blobs/{manifest["id"]!.GetValue<string>()}");
        manifest["sasToken"]!.GetValue<string>().ShouldContain("sig=");
        manifest["eTag"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var blobs = manifest["blobs"]!.AsArray();
        blobs.Count.ShouldBe(manifest["blobCount"]!.GetValue<int>());
        blobs.Select(b => b!["name"]!.GetValue<string>()).ShouldBe(Enumerable.Range(1, blobs.Count).Select(i => $"part-{i:D5}.json.gz"));
        blobs.Select(b => b!["partitionValue"]!.GetValue<string>()).ShouldBe(Enumerable.Range(1, blobs.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task UnbilledExport_BasicAttributeSet_HasOnlyTheBasicAttributesWithTheFullValues()
    {
        var world = await WorldWithUsageAsync();

        var full = (await ExportClient.DownloadAsync(Factory.CreateClient(), await ExportClient.ManifestAsync(world.Client))).SelectMany(b => b).ToList();
        var basic = (await ExportClient.DownloadAsync(Factory.CreateClient(), await ExportClient.ManifestAsync(world.Client, body:
            """{"currencyCode":"usd","billingPeriod":"current","attributeSet":"basic"}"""))).SelectMany(b => b).ToList();

        basic.Count.ShouldBe(full.Count);
        var names = ExportRecordWriter.UsageAttributes.Where(a => a.IsBasic).Select(a => a.Name).ToList();
        names.Count.ShouldBe(29);
        for (var i = 0; i < basic.Count; i++)
        {
            basic[i].Select(p => p.Key).ShouldBe(names);
            foreach (var name in names)
            {
                ExportClient.Same(basic[i][name], full[i][name]).ShouldBeTrue(name);
            }
        }
    }

    [Fact]
    public async Task UnbilledExport_LastPeriodAndOtherCurrency_HaveNoBlobs()
    {
        var world = await WorldWithUsageAsync();

        var last = await ExportClient.ManifestAsync(world.Client, body: """{"currencyCode":"USD","billingPeriod":"last"}""");
        var euro = await ExportClient.ManifestAsync(world.Client, body: """{"currencyCode":"EUR","billingPeriod":"current"}""");

        last["blobCount"]!.GetValue<int>().ShouldBe(0);
        euro["blobCount"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [InlineData("{}", "currencyCode")]
    [InlineData("""{"billingPeriod":"current"}""", "currencyCode")]
    [InlineData("""{"currencyCode":"USD"}""", "billingPeriod")]
    [InlineData("""{"currencyCode":"USD","billingPeriod":"next"}""", "billingPeriod")]
    [InlineData("""{"currencyCode":"ZZQ","billingPeriod":"current"}""", "currencyCode")]
    [InlineData("""{"currencyCode":12,"billingPeriod":"current"}""", "currencyCode")]
    [InlineData("""{"currencyCode":"USD","billingPeriod":"current","attributeSet":"some"}""", "attributeSet")]
    [InlineData("[]", "body")]
    [InlineData("not json", "body")]
    public async Task UnbilledExport_BadBody_Is400InGraphShapeNamingTheField(string body, string field)
    {
        var client = await Factory.SignInAsync(UsageWorld.Admin);

        var response = await client.PostAsync(ExportClient.Base + "/usage/unbilled/export", body);

        response.Status.ShouldBe(HttpStatusCode.BadRequest, response.Text);
        response.Body["error"]!["code"]!.GetValue<string>().ShouldBe("BadRequest");
        response.Body["error"]!["message"]!.GetValue<string>().ShouldStartWith(field);
    }

    [Theory]
    [InlineData("/usage/billed/export")]
    [InlineData("/reconciliation/billed/export")]
    public async Task BilledExport_UnknownInvoice_Is404InGraphShape(string route)
    {
        var client = await Factory.SignInAsync(UsageWorld.Admin);

        var unknown = await client.PostAsync(ExportClient.Base + route, """{"invoiceId":"G000000404","attributeSet":"full"}""");
        var missing = await client.PostAsync(ExportClient.Base + route, """{"attributeSet":"full"}""");

        unknown.Status.ShouldBe(HttpStatusCode.NotFound, unknown.Text);
        unknown.Body["error"]!["code"]!.GetValue<string>().ShouldBe("NotFound");
        unknown.Body["error"]!["message"]!.GetValue<string>().ShouldContain("G000000404");
        missing.Status.ShouldBe(HttpStatusCode.BadRequest, missing.Text);
        missing.Body["error"]!["message"]!.GetValue<string>().ShouldStartWith("invoiceId");
    }

    [Fact]
    public async Task Export_OtherPartner_OperationAndManifestAre404()
    {
        var world = await WorldWithUsageAsync();
        var operationUrl = await ExportClient.StartAsync(world.Client);
        var operation = await ExportClient.WaitAsync(world.Client, operationUrl);
        var fabrikam = await Factory.SignInAsync("admin@fabrikam-partner.example");

        var otherOperation = await fabrikam.GetAsync(operationUrl);
        var otherManifest = await fabrikam.GetAsync(operation["resourceLocation@odata.navigationLink"]!.GetValue<string>());

        otherOperation.Status.ShouldBe(HttpStatusCode.NotFound, otherOperation.Text);
        otherOperation.Body["error"]!["code"]!.GetValue<string>().ShouldBe("NotFound");
        otherManifest.Status.ShouldBe(HttpStatusCode.NotFound, otherManifest.Text);
    }

    [Fact]
    public async Task Export_WithoutBearerToken_Is401InGraphShape()
    {
        var anonymous = Factory.CreateClient();

        using var response = await anonymous.PostAsync(ExportClient.Base + "/usage/unbilled/export", new StringContent(ExportClient.UnbilledBody));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        body["error"]!["code"]!.GetValue<string>().ShouldBe("InvalidAuthenticationToken");
    }

    [Fact]
    public async Task Blob_MissingOrTamperedSasToken_Is403()
    {
        var world = await WorldWithUsageAsync();
        var manifest = await ExportClient.ManifestAsync(world.Client);
        var anonymous = Factory.CreateClient();
        var sas = manifest["sasToken"]!.GetValue<string>();
        var name = manifest["blobs"]![0]!["name"]!.GetValue<string>();
        var otherManifest = await ExportClient.ManifestAsync(world.Client);

        using var none = await anonymous.GetAsync($"{manifest["rootDirectory"]}/{name}");
        using var longer = await anonymous.GetAsync(ExportClient.BlobUrl(manifest, name, sas.Replace("se=2026-01-15T10", "se=2026-01-15T11", StringComparison.Ordinal)));
        using var foreign = await anonymous.GetAsync(ExportClient.BlobUrl(manifest, name, otherManifest["sasToken"]!.GetValue<string>()));
        using var good = await anonymous.GetAsync(ExportClient.BlobUrl(manifest, name));
        using var pathTrick = await anonymous.GetAsync(ExportClient.BlobUrl(manifest, "..%2F..%2Fplancenter.db"));

        none.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        longer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        foreign.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        good.Content.Headers.ContentType!.MediaType.ShouldBe("application/gzip");
        pathTrick.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Export_InterruptedByARestart_IsFailed()
    {
        var world = await WorldWithUsageAsync();
        var operationUrl = await ExportClient.StartAsync(world.Client);
        await ExportClient.WaitAsync(world.Client, operationUrl);
        var id = operationUrl[(operationUrl.LastIndexOf('/') + 1)..];
        await using (var connection = await Factory.Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE export_operations SET status = 'Running', runner_id = 'an-earlier-process', manifest_id = NULL WHERE id = $id;";
            command.Parameters.AddWithValue("$id", id);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        await Factory.Services.GetRequiredService<ExportPipeline>().RecoverAsync(CancellationToken.None);
        var operation = (await world.Client.GetAsync(operationUrl)).Body;

        operation["status"]!.GetValue<string>().ShouldBe("failed");
        operation["@odata.type"]!.GetValue<string>().ShouldBe("#microsoft.graph.partners.billing.failedOperation");
        operation["error"]!["code"]!.GetValue<string>().ShouldBe("interrupted");
    }
}
