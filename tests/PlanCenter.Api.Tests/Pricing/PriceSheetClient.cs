using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using nietras.SeparatedValues;
using PlanCenter.Api.Tests.Support;

namespace PlanCenter.Api.Tests.Pricing;

/// <summary>A raw download: status, headers and body bytes (not decompressed).</summary>
public sealed record Download(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The body inflated when it is deflate-encoded.</summary>
    public string Inflated()
    {
        using var input = new ZLibStream(new MemoryStream(Body), CompressionMode.Decompress);
        using var reader = new StreamReader(input, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The CSV rows as column-name → value maps.</summary>
    public static List<Dictionary<string, string>> Rows(string csv)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).FromText(csv);
        var names = reader.Header.ColNames;
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Count; i++)
            {
                values[names[i]] = row[i].ToString();
            }

            rows.Add(values);
        }

        return rows;
    }
}

/// <summary>Calls the pricing routes with a user's (or an app's) token and raw bodies.</summary>
public sealed class PriceSheetClient(HttpClient http, string token)
{
    /// <summary>The header of a Partner Center price list CSV import.</summary>
    public const string CsvHeader = "ProductTitle,ProductId,SkuId,SkuTitle,Publisher,SkuDescription,UnitOfMeasure,TermDuration,Market,Currency,UnitPrice,PricingTierRangeMin,PricingTierRangeMax,EffectiveStartDate,EffectiveEndDate,MeterIds,MeterType,Tags,MeterName,MeterCategory,MeterSubCategory,MeterRegion,AvailabilityId";

    /// <summary>One price row of a test service for <paramref name="meter"/> (under <see cref="CsvHeader"/>).</summary>
    public static string CsvRow(string meter, string price, string tierMin, string start, string end, string currency = "USD", string tags = "Azure;Consumption") =>
        $"Test Service,DZH318Z0TEST,0001,Test SKU,Microsoft,,1 Hour,,US,{currency},{price},{tierMin},,{start},{end},{meter},1 Hour,{tags},Test Meter,Test Service,Test,US East,DZH318Z0TST1";

    public static async Task<PriceSheetClient> ForUserAsync(PlanCenterFactory factory, string email)
    {
        var client = factory.CreateClient();
        return new PriceSheetClient(client, await PartnerClient.GetUserTokenAsync(client, email));
    }

    public static async Task<PriceSheetClient> ForAppAsync(PlanCenterFactory factory)
    {
        var client = factory.CreateClient();
        return new PriceSheetClient(client, await PartnerClient.GetAppTokenAsync(client, DemoWorld.ContosoApp, DemoWorld.ContosoAppSecret));
    }

    public static string SheetPath(string market = "US", string query = "") =>
        $"/v1.0/sales/pricesheets(Market='{market}',PricesheetView='azure_consumption')/$value{query}";

    public async Task<Download> GetAsync(string path, bool deflate = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (deflate)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("deflate"));
        }

        using var response = await http.SendAsync(request);
        return new Download(response.StatusCode, response.Headers, response.Content.Headers, await response.Content.ReadAsByteArrayAsync());
    }

    public async Task<ApiResponse> ImportAsync(string query, string body, string contentType = "text/csv")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/pricing/imports{query}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.SendAsync(request);
        return new ApiResponse(response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync());
    }
}
