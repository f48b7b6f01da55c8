using System.Net;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Exports;

/// <summary>SAS lifetime and retention: each test moves its own host's clock.</summary>
public sealed class ExportRetentionTests
{
    [Fact]
    public async Task Export_AfterSasLifetime_BlobIs403UntilTheManifestIsReadAgain_AndAfterRetention_Is410()
    {
        using var factory = new PlanCenterFactory();
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(($"r-{Guid.NewGuid():N}", world.Resource("a"), UsageWorld.TieredMeter, "2026-01-15T10:00:00Z", "3"));
        var operationUrl = await ExportClient.StartAsync(world.Client);
        var operation = await ExportClient.WaitAsync(world.Client, operationUrl);
        var manifestUrl = operation["resourceLocation@odata.navigationLink"]!.GetValue<string>();
        var manifest = (await world.Client.GetAsync(manifestUrl)).Body;
        var name = manifest["blobs"]![0]!["name"]!.GetValue<string>();
        var anonymous = factory.CreateClient();

        factory.Time.Advance(TimeSpan.FromMinutes(61));
        using var stale = await anonymous.GetAsync(ExportClient.BlobUrl(manifest, name));
        var client = await factory.SignInAsync(UsageWorld.Admin);
        var again = (await client.GetAsync(manifestUrl)).Body;
        using var fresh = await anonymous.GetAsync(ExportClient.BlobUrl(again, name));

        stale.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);

        factory.Time.Advance(TimeSpan.FromDays(7));
        client = await factory.SignInAsync(UsageWorld.Admin);
        var goneManifest = await client.GetAsync(manifestUrl);
        var goneOperation = await client.GetAsync(operationUrl);

        goneManifest.Status.ShouldBe(HttpStatusCode.Gone, goneManifest.Text);
        goneManifest.Body["error"]!["code"]!.GetValue<string>().ShouldBe("resourceExpired");
        goneOperation.Status.ShouldBe(HttpStatusCode.Gone, goneOperation.Text);
    }
}
