using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Rating;

/// <summary>A fresh Contoso customer with an Azure plan and its default Azure subscription, and helpers to post usage and read unbilled lines.</summary>
public sealed class UsageWorld
{
    /// <summary>Standard Perf Monitor Connection Metric (US West): tiers 0 @ 0, 10 @ 0.3, 240010 @ 0.1, … in the demo price list.</summary>
    public const string TieredMeter = "ba2b4df6-e886-4cf2-9818-33f27d22b3cf";

    public const string Admin = "admin@contoso-partner.example";

    private readonly string _token;

    private UsageWorld(PartnerClient client, string token, string customerId, string planId, string azureSubscriptionId)
    {
        Client = client;
        _token = token;
        CustomerId = customerId;
        PlanId = planId;
        AzureSubscriptionId = azureSubscriptionId;
    }

    public PartnerClient Client { get; }
    public string Token => _token;
    public string CustomerId { get; }
    public string PlanId { get; }
    public string AzureSubscriptionId { get; }

    public static async Task<UsageWorld> CreateAsync(PlanCenterFactory factory, string email = Admin)
    {
        var http = factory.CreateClient();
        var token = await PartnerClient.GetUserTokenAsync(http, email);
        var client = new PartnerClient(http, token);
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
        var azure = await Journey.DefaultAzureSubscriptionAsync(client, customerId, planId);
        return new UsageWorld(client, token, customerId, planId, azure);
    }

    public string Resource(string name, string group = "rg1") =>
        $"/subscriptions/{AzureSubscriptionId}/resourceGroups/{group}/providers/Microsoft.Network/networkWatchers/{name}";

    /// <summary>Posts usage rows (id, resource, meter, start, quantity) as CSV; asserts every row was accepted.</summary>
    public async Task PostUsageAsync(params (string Id, string Resource, string Meter, string Start, string Quantity)[] rows)
    {
        var csv = new StringBuilder("UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart,Quantity,ResourceLocation,ConsumedService\n");
        foreach (var (id, resource, meter, start, quantity) in rows)
        {
            csv.Append($"{id},{AzureSubscriptionId},{resource},{meter},{start},{quantity},westus,Microsoft.Network\n");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/metering/usage");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv");
        using var response = await Client.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        JsonNode.Parse(text)!["accepted"]!.GetValue<int>().ShouldBe(rows.Length, text);
    }

    public static string UnbilledPath(string type = "usagelineitems", string extra = "") =>
        $"/v1/invoices/unbilled/lineitems?provider=onetime&invoiceLineItemType={type}&currencyCode=&period=current{extra}";

    /// <summary>Every item of the unbilled collection, following <c>links.next</c> with its headers.</summary>
    public static async Task<List<JsonNode>> ReadAllAsync(PartnerClient client, string path)
    {
        var items = new List<JsonNode>();
        Dictionary<string, string>? headers = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var response = await client.GetAsync(path, headers);
            response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
            var body = response.Body;
            items.AddRange(body["items"]!.AsArray().Select(i => i!.DeepClone()));
            var next = body["links"]?["next"];
            if (next is null)
            {
                body["continuationToken"].ShouldBeNull();
                return items;
            }

            var token = body["continuationToken"]!.GetValue<string>();
            next["headers"]![0]!["key"]!.GetValue<string>().ShouldBe("MS-ContinuationToken");
            next["headers"]![0]!["value"]!.GetValue<string>().ShouldBe(token);
            path = "/v1" + next["uri"]!.GetValue<string>();
            path.ShouldContain("seekOperation=Next");
            headers = new Dictionary<string, string> { ["MS-ContinuationToken"] = token };
        }

        throw new InvalidOperationException("Too many pages.");
    }

    /// <summary>The items of this world's Azure subscription.</summary>
    public List<JsonNode> Mine(IEnumerable<JsonNode> items) =>
        [.. items.Where(i => string.Equals(i["entitlementId"]?.GetValue<string>(), AzureSubscriptionId, StringComparison.OrdinalIgnoreCase)
            || (i["entitlementId"] is null && string.Equals(i["subscriptionId"]?.GetValue<string>(), PlanId, StringComparison.OrdinalIgnoreCase)))];
}
