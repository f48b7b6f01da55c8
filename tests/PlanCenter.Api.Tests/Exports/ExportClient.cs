using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlanCenter.Storage.Exports;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Exports;

/// <summary>Drives the Graph-shaped export: post, poll, read the manifest, download and gunzip the blobs.</summary>
public static class ExportClient
{
    public const string Base = "/v1.0/reports/partners/billing";

    public const string UnbilledBody = """{"currencyCode":"USD","billingPeriod":"current","attributeSet":"full"}""";

    /// <summary>Posts an export and returns the operation URL of its 202.</summary>
    public static async Task<string> StartAsync(PartnerClient client, string route = "/usage/unbilled/export", string body = UnbilledBody)
    {
        var response = await client.PostAsync(Base + route, body);
        response.Status.ShouldBe(HttpStatusCode.Accepted, response.Text);
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith("http://localhost" + Base + "/operations/");
        return location;
    }

    /// <summary>Polls the operation until it is no longer running and returns it.</summary>
    public static async Task<JsonNode> WaitAsync(PartnerClient client, string operationUrl)
    {
        for (var i = 0; i < 600; i++)
        {
            var response = await client.GetAsync(operationUrl);
            response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
            var status = response.Body["status"]!.GetValue<string>();
            if (status is "succeeded" or "failed")
            {
                return response.Body;
            }

            response.Body["@odata.type"]!.GetValue<string>().ShouldBe("#microsoft.graph.partners.billing.runningOperation");
            await Task.Delay(50);
        }

        throw new TimeoutException("The export did not finish.");
    }

    /// <summary>Runs an export to its manifest.</summary>
    public static async Task<JsonNode> ManifestAsync(PartnerClient client, string route = "/usage/unbilled/export", string body = UnbilledBody)
    {
        var operation = await WaitAsync(client, await StartAsync(client, route, body));
        operation["status"]!.GetValue<string>().ShouldBe("succeeded", operation.ToJsonString());
        var manifest = await client.GetAsync(operation["resourceLocation@odata.navigationLink"]!.GetValue<string>());
        manifest.Status.ShouldBe(HttpStatusCode.OK, manifest.Text);
        return manifest.Body;
    }

    /// <summary>The URL of a blob with the manifest's SAS token.</summary>
    public static string BlobUrl(JsonNode manifest, string name, string? sas = null) =>
        $"{manifest["rootDirectory"]!.GetValue<string>()}/{name}?{sas ?? manifest["sasToken"]!.GetValue<string>()}";

    /// <summary>Downloads every blob with no bearer token, gunzips it and parses each line; one list per blob.</summary>
    public static async Task<List<List<JsonObject>>> DownloadAsync(HttpClient anonymous, JsonNode manifest)
    {
        var blobs = new List<List<JsonObject>>();
        foreach (var blob in manifest["blobs"]!.AsArray())
        {
            using var response = await anonymous.GetAsync(BlobUrl(manifest, blob!["name"]!.GetValue<string>()));
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            await using var gzip = new GZipStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            var lines = new List<JsonObject>();
            while (await reader.ReadLineAsync() is { } line)
            {
                lines.Add(JsonNode.Parse(line)!.AsObject());
            }

            blobs.Add(lines);
        }

        return blobs;
    }

    /// <summary>§14.3 names whose line-item API name is not simply the camel-case form.</summary>
    private static readonly Dictionary<string, string> Renamed = new()
    {
        ["Tier2MpnId"] = "resellerMpnId",
        ["Unit"] = "unitOfMeasure",
        ["ResourceURI"] = "resourceUri",
        ["PCToBCExchangeRate"] = "pcToBCExchangeRate",
        ["PCToBCExchangeRateDate"] = "pcToBCExchangeRateDate",
        ["BenefitOrderID"] = "benefitOrderId",
        ["BenefitID"] = "benefitId",
    };

    /// <summary>Exported full usage records and <c>DailyRatedUsageLineItem</c>s of the API: same lines, same order, same values.</summary>
    public static void ShouldMatchApiItems(IReadOnlyList<JsonObject> exported, IReadOnlyList<JsonNode> api)
    {
        exported.Count.ShouldBe(api.Count);
        for (var i = 0; i < api.Count; i++)
        {
            var line = exported[i];
            var item = api[i];
            line.Select(p => p.Key).ShouldBe(ExportRecordWriter.UsageAttributes.Select(a => a.Name));
            foreach (var (name, value) in line)
            {
                var expected = name switch
                {
                    "PartnerEarnedCreditPercentage" => JsonValue.Create(item["rateOfPartnerEarnedCredit"]!.GetValue<decimal>() * 100m),
                    "CreditPercentage" => JsonValue.Create(item["rateOfCredit"]!.GetValue<decimal>() * 100m),
                    _ => item[Renamed.GetValueOrDefault(name, char.ToLowerInvariant(name[0]) + name[1..])],
                };
                Same(value, expected).ShouldBeTrue($"{name}: exported {value?.ToJsonString()}, API {expected?.ToJsonString()}");
            }
        }
    }

    /// <summary>Equal JSON values; numbers compare as decimals; null matches null or an empty string.</summary>
    public static bool Same(JsonNode? exported, JsonNode? api)
    {
        if (exported is null || api is null)
        {
            return exported is null && (api is null || (api.GetValueKind() == JsonValueKind.String && api.GetValue<string>().Length == 0));
        }

        return exported.GetValueKind() == JsonValueKind.Number
            ? api.GetValueKind() == JsonValueKind.Number && exported.GetValue<decimal>() == api.GetValue<decimal>()
            : JsonNode.DeepEquals(exported, api);
    }
}
