using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using Shouldly;

namespace PlanCenter.Api.Tests.Budgets;

/// <summary>Usage, budgets and alerts of one <see cref="UsageWorld"/> customer, signing in afresh for each call (tests move the clock by days).</summary>
internal static class BudgetTestSupport
{
    public const string Admin = "admin@contoso-partner.example";

    /// <summary>Posts usage of the tiered demo meter on the world's Azure subscription with a fresh token.</summary>
    public static async Task PostUsageAsync(PlanCenterFactory factory, UsageWorld world, string id, string day, int quantity)
    {
        var http = factory.CreateClient();
        var token = await PartnerClient.GetUserTokenAsync(http, Admin);
        var csv = "UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart,Quantity,ResourceLocation,ConsumedService\n"
            + $"{id},{world.AzureSubscriptionId},{world.Resource("budget-watcher")},{UsageWorld.TieredMeter},{day}T01:00:00Z,"
            + $"{quantity.ToString(CultureInfo.InvariantCulture)},westus,Microsoft.Network\n";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/metering/usage");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await http.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The customer's month-to-date spend, as its usage summary reports it.</summary>
    public static async Task<decimal> SpendAsync(PlanCenterFactory factory, string customerId)
    {
        var client = await factory.SignInAsync(Admin);
        var summary = await client.GetAsync($"/v1/customers/{customerId}/usagesummary");
        summary.Status.ShouldBe(HttpStatusCode.OK, summary.Text);
        return summary.Body["totalCost"]!.GetValue<decimal>();
    }

    /// <summary>Sets a budget so that <paramref name="spend"/> is about <paramref name="percent"/> % of it; returns the budget.</summary>
    public static async Task<decimal> SetBudgetAtAsync(PlanCenterFactory factory, string customerId, decimal spend, decimal percent)
    {
        var budget = Math.Round(spend * 100m / percent, 2, MidpointRounding.AwayFromZero);
        var client = await factory.SignInAsync(Admin);
        var body = $$$"""{"Amount": {{{budget.ToString(CultureInfo.InvariantCulture)}}}, "Attributes": {"ObjectType": "SpendingBudget"}}""";
        var response = await client.PatchAsync($"/v1/customers/{customerId}/usagebudget", body);
        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        return budget;
    }

    /// <summary>The customer's alerts over the API.</summary>
    public static async Task<List<JsonNode>> AlertsAsync(PlanCenterFactory factory, string customerId)
    {
        var client = await factory.SignInAsync(Admin);
        var response = await client.GetAsync($"/v1/customers/{customerId}/usagebudget/alerts");
        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        response.Body["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("Collection");
        response.Body["links"]!["self"]!["uri"]!.GetValue<string>().ShouldBe($"/customers/{customerId}/usagebudget/alerts");
        return [.. response.Body["items"]!.AsArray().Select(i => i!)];
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after 10 s.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Timed out waiting until {what}.");
    }
}
