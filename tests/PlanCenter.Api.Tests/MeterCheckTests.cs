using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Pricing;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Storage;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary>
/// Issue 4, bad input: ingestion judges meters against the stored price list (billing-rules §2.1
/// <c>UnknownMeter</c>), and records rating rejects later are listed by <c>GET /metering/usage/rating-rejects</c>.
/// Each test gets its own host, because some import prices.
/// </summary>
public sealed class MeterCheckTests : IDisposable
{
    private const string Contoso = "admin@contoso-partner.example";
    private const string Fabrikam = "admin@fabrikam-partner.example";
    private const string GlobalAdmin = "globaladmin@contoso-partner.example";

    /// <summary>A meter the demo price list does not have.</summary>
    private const string NewMeter = "7e57a11a-0000-4000-8000-0000000000aa";

    private const string PriceHeader = PriceSheetClient.CsvHeader;

    private readonly PlanCenterFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Id() => Guid.NewGuid().ToString();

    private async Task<(HttpClient Http, string Token, string Subscription)> SetUpAsync()
    {
        var client = await _factory.SignInAsync(Contoso);
        var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
        var subscription = await Journey.DefaultAzureSubscriptionAsync(client, customerId, planId);
        return (client.Http, await PartnerClient.GetUserTokenAsync(client.Http, Contoso), subscription);
    }

    /// <summary>Imports a price list version from January 2026 holding <see cref="NewMeter"/> (from <paramref name="firstDay"/> on) and <see cref="Metering.VmMeter"/>.</summary>
    private async Task ImportNewMeterAsync(string firstDay)
    {
        static string Row(string meter, string start) => PriceSheetClient.CsvRow(meter, "0.5", "0", start, "");
        var admin = await PriceSheetClient.ForUserAsync(_factory, GlobalAdmin);
        var import = await admin.ImportAsync("?kind=prices&from=2026-01", string.Join('\n', PriceHeader, Row(NewMeter, firstDay), Row(Metering.VmMeter, "2025-01-01")));
        import.Status.ShouldBe(HttpStatusCode.Created, import.Text);
    }

    [Fact]
    public async Task UnknownMeter_IsRejectedAtIngestion_WithItsReason_AndKept()
    {
        var (http, token, sub) = await SetUpAsync();
        var (unknown, known) = (Id(), Id());

        var response = await Metering.PostAsync(http, token, Metering.Csv([Metering.Line(unknown, sub, meter: NewMeter), Metering.Line(known, sub)]));

        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        (response.Body.Int("accepted"), response.Body.Int("rejected")).ShouldBe((1, 1), "the demo price list has the VM meter, not the new one");
        var reject = response.Body["rejects"]![0]!;
        reject["usageRecordId"]!.GetValue<string>().ShouldBe(unknown);
        reject["reason"]!.GetValue<string>().ShouldBe("UnknownMeter");
        reject["detail"]!.GetValue<string>().ShouldContain(NewMeter);
        var stored = await new PartnerClient(http, token).GetAsync("/metering/usage/rejects");
        stored.Body["items"]!.AsArray().Select(r => (r!["usageRecordId"]!.GetValue<string>(), r["reason"]!.GetValue<string>(), r["meterId"]!.GetValue<string>()))
            .ShouldBe([(unknown, "UnknownMeter", NewMeter)]);
    }

    [Fact]
    public async Task AMeterAPriceImportAdds_IsAcceptedAfterTheImport()
    {
        var (http, token, sub) = await SetUpAsync();
        var before = await Metering.PostAsync(http, token, Metering.Csv([Metering.Line(Id(), sub, meter: NewMeter)]));
        before.Body.Int("rejected").ShouldBe(1);

        await ImportNewMeterAsync("2026-01-01");
        var after = await Metering.PostAsync(http, token, Metering.Csv([Metering.Line(Id(), sub, meter: NewMeter)]));

        (after.Body.Int("accepted"), after.Body.Int("rejected")).ShouldBe((1, 0), after.Text);
    }

    [Fact]
    public async Task WithNoPriceListLoaded_EveryMeterIsAccepted_AndRatingDecides()
    {
        var (http, token, sub) = await SetUpAsync();
        await using (var connection = await _factory.Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM price_rows; DELETE FROM price_list_versions;";
            await command.ExecuteNonQueryAsync();
        }

        var response = await Metering.PostAsync(http, token, Metering.Csv([Metering.Line(Id(), sub, meter: NewMeter), Metering.Line(Id(), sub)]));

        (response.Body.Int("accepted"), response.Body.Int("rejected")).ShouldBe((2, 0), response.Text);
    }

    [Fact]
    public async Task ARecordRatingRejects_IsListedForItsPartner_AndNotForAnother()
    {
        var (http, token, sub) = await SetUpAsync();
        await ImportNewMeterAsync("2026-01-20");
        var id = Id();

        // The meter has a Consumption row (ingestion accepts it), but none effective on the 15th (rating rejects it).
        var response = await Metering.PostAsync(http, token, Metering.Csv([Metering.Line(id, sub, meter: NewMeter, quantity: "2.5")]));
        response.Body.Int("accepted").ShouldBe(1, response.Text);

        var page = await new PartnerClient(http, token).GetAsync("/metering/usage/rating-rejects");
        page.Status.ShouldBe(HttpStatusCode.OK, page.Text);
        var item = page.Body["items"]!.AsArray().Single(i => i!["usageRecordId"]!.GetValue<string>() == id)!;
        item["reason"]!.GetValue<string>().ShouldBe("NoPriceOnDate");
        item["detail"]!.GetValue<string>().ShouldContain("2026-01-15");
        (item["entitlementId"]!.GetValue<string>(), item["meterId"]!.GetValue<string>(), item["quantity"]!.GetValue<string>()).ShouldBe((sub, NewMeter, "2.5"));
        item["usageStart"]!.GetValue<DateTimeOffset>().ShouldBe(new DateTimeOffset(2026, 1, 15, 1, 0, 0, TimeSpan.Zero));
        item["resourceUri"]!.GetValue<string>().ShouldBe(Metering.Resource(sub));

        var fabrikam = new PartnerClient(http, await PartnerClient.GetUserTokenAsync(http, Fabrikam));
        var theirs = await fabrikam.GetAsync("/metering/usage/rating-rejects");
        theirs.Status.ShouldBe(HttpStatusCode.OK, theirs.Text);
        theirs.Body["items"]!.AsArray().ShouldNotContain(i => i!["usageRecordId"]!.GetValue<string>() == id, "rating's rejects belong to the partner billed for them");
    }

    [Fact]
    public async Task RatingRejects_ArePagedByUsageRecordId()
    {
        var (http, token, sub) = await SetUpAsync();
        await ImportNewMeterAsync("2026-01-20");
        string[] ids = [.. Enumerable.Range(0, 3).Select(_ => Id()).Order(StringComparer.Ordinal)];
        await Metering.PostAsync(http, token, Metering.Csv(ids.Select(id => Metering.Line(id, sub, meter: NewMeter))));
        var client = new PartnerClient(http, token);

        var first = await client.GetAsync("/metering/usage/rating-rejects?size=2");
        var next = first.Body["next"]!.GetValue<string>();
        var second = await client.GetAsync($"/metering/usage/rating-rejects?size=2&after={next}");

        first.Body["items"]!.AsArray().Select(i => i!["usageRecordId"]!.GetValue<string>()).ShouldBe(ids[..2]);
        second.Body["items"]!.AsArray().Select(i => i!["usageRecordId"]!.GetValue<string>()).ShouldBe(ids[2..]);
        second.Body["next"].ShouldBeNull();
    }
}
