using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace PlanCenter.Api.Tests.Support;

/// <summary>Usage bodies and posting them to <c>/metering/usage</c> as CSV or JSON lines, optionally gzipped.</summary>
public static class Metering
{
    public const string Header = "UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart,Quantity,ResourceLocation,ConsumedService,Tags,AdditionalInfo,ServiceInfo1,ServiceInfo2";
    public const string VmMeter = "00003b45-e996-5b04-b673-a2db710f9237";

    public static string Resource(string azureSubscriptionId, string name = "vm1", string group = "rg-prod") =>
        $"/subscriptions/{azureSubscriptionId}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachines/{name}";

    public static string Line(string id, string entitlement, string? resource = null, string meter = VmMeter, string start = "2026-01-15T01:00:00Z", string quantity = "1") =>
        $"{id},{entitlement},{resource ?? Resource(entitlement)},{meter},{start},{quantity},eastus,Microsoft.Compute,,,,";

    public static string Csv(IEnumerable<string> lines) => Header + "\n" + string.Join("\n", lines) + "\n";

    public static async Task<ApiResponse> PostAsync(HttpClient http, string token, string body, string contentType = "text/csv", bool gzip = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/metering/usage");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var bytes = Encoding.UTF8.GetBytes(body);
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }

        using var response = await http.SendAsync(request);
        return new ApiResponse(response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync());
    }

    public static int Int(this JsonNode node, string name) => node[name]!.GetValue<int>();
}
