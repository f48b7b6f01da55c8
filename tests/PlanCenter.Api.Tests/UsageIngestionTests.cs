using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Pricing;
using Shouldly;

namespace PlanCenter.Api.Tests;

/// <summary><c>POST /metering/usage</c>: idempotent on UsageRecordId, every record accepted, counted as a repeat, or rejected with its reason.</summary>
public sealed class UsageIngestionTests : IDisposable
{
    private readonly PlanCenterFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<(HttpClient Http, string Token, string Subscription)> SetUpAsync(string email = "admin@contoso-partner.example")
    {
        var client = await _factory.SignInAsync(email);
        var (customerId, planId) = email.Contains("fabrikam", StringComparison.Ordinal) ? await BuyInGermanyAsync(client) : await Journey.BuyAzurePlanAsync(client);
        var subscription = await Journey.DefaultAzureSubscriptionAsync(client, customerId, planId);
        return (client.Http, await PartnerClient.GetUserTokenAsync(client.Http, email), subscription);
    }

    private static async Task<(string CustomerId, string PlanId)> BuyInGermanyAsync(PartnerClient client)
    {
        var customerId = await Journey.CreateCustomerAsync(client, country: "DE", city: "Berlin", state: null, postalCode: "10115");
        await Journey.AttestAsync(client, customerId);
        var catalog = await client.GetAsync("/v1/products/DZH318Z0BPS6/skus/0001/availabilities?country=DE");
        var availability = catalog.Body["items"]![0]!["catalogItemId"]!.GetValue<string>();
        var cartId = await Journey.CreateCartAsync(client, customerId, availability);
        var checkout = await client.PostAsync($"/v1/customers/{customerId}/carts/{cartId}/checkout", SdkBodies.Checkout);
        checkout.Status.ShouldBe(HttpStatusCode.Created, checkout.Text);
        return (customerId, checkout.Body["orders"]![0]!["lineItems"]![0]!["subscriptionId"]!.GetValue<string>());
    }

    private static string Id() => Guid.NewGuid().ToString();

    [Fact]
    public async Task Csv_ValidRecords_AreAcceptedAndTheirResourcesRecorded()
    {
        var (http, token, sub) = await SetUpAsync();
        var body = Metering.Csv([Metering.Line(Id(), sub), Metering.Line(Id(), sub, Metering.Resource(sub, "vm2", "rg-dev"), quantity: "0.5")]);

        var response = await Metering.PostAsync(http, token, body);

        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        (response.Body.Int("received"), response.Body.Int("accepted"), response.Body.Int("duplicates"), response.Body.Int("rejected")).ShouldBe((2, 2, 0, 0));
        var client = new PartnerClient(http, token);
        var resources = await client.GetAsync($"/subscriptions/{sub}/resources");
        resources.Body["value"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ShouldBe(
            [$"/subscriptions/{sub}/resourceGroups/rg-dev", Metering.Resource(sub, "vm2", "rg-dev"), $"/subscriptions/{sub}/resourceGroups/rg-prod", Metering.Resource(sub)],
            ignoreOrder: true);
    }

    [Fact]
    public async Task RepeatedIds_AcrossAndWithinRequests_AreIgnoredAndCounted_WhateverTheirContent()
    {
        var (http, token, sub) = await SetUpAsync();
        var (a, b, bad) = (Id(), Id(), Id());
        var first = await Metering.PostAsync(http, token, Metering.Csv([Metering.Line(a, sub), Metering.Line(a, sub, quantity: "7"), Metering.Line(bad, sub, quantity: "-1")]));

        var second = await Metering.PostAsync(http, token, Metering.Csv([
            Metering.Line(a.ToUpperInvariant(), sub, quantity: "9"), Metering.Line(b, sub), Metering.Line(bad, sub, quantity: "1")]));

        (first.Body.Int("accepted"), first.Body.Int("duplicates"), first.Body.Int("rejected")).ShouldBe((1, 1, 1));
        (second.Body.Int("accepted"), second.Body.Int("duplicates"), second.Body.Int("rejected")).ShouldBe((1, 2, 0),
            "ids compare case-insensitively, and the id of a rejected record counts as seen");
    }

    [Fact]
    public async Task EveryIngestionReason_ComesBackAndIsKeptForInspection()
    {
        const string KnownMeter = "11111111-1111-4111-8111-111111111111";
        _factory.ConfigureMoreServices = services => services.AddSingleton<IMeterDirectory>(new OneMeter(KnownMeter));
        var (http, token, sub) = await SetUpAsync();
        var fabrikam = await SetUpAsync("admin@fabrikam-partner.example");
        var lines = new (string Expected, string Line)[]
        {
            ("Accepted", Metering.Line(Id(), sub, meter: KnownMeter)),
            ("Malformed", Metering.Line(Id(), "not-a-guid", Metering.Resource(sub), KnownMeter)),
            ("Malformed", Metering.Line(Id(), sub, meter: KnownMeter, quantity: "1e3")),
            ("Malformed", Metering.Line(Id(), sub, meter: KnownMeter, start: "yesterday")),
            ("Malformed", Metering.Line(Id(), sub, $"/subscriptions/{sub}/resourceGroups/rg-prod/vm1", KnownMeter)),
            ("Malformed", Metering.Line(Id(), sub, Metering.Resource(fabrikam.Subscription), KnownMeter)),
            ("Malformed", Metering.Line(Id(), sub, meter: KnownMeter, start: "2026-01-16T10:00:00Z")),
            ("NegativeQuantity", Metering.Line(Id(), sub, meter: KnownMeter, quantity: "-0.5")),
            ("UnknownEntitlement", Metering.Line(Id(), Guid.NewGuid().ToString(), meter: KnownMeter)),
            ("UnknownEntitlement", Metering.Line(Id(), fabrikam.Subscription, meter: KnownMeter)),
            ("OutsideEntitlementPeriod", Metering.Line(Id(), sub, meter: KnownMeter, start: "2026-01-14T23:59:59Z")),
            ("UnknownMeter", Metering.Line(Id(), sub)),
            ("Malformed", $",{sub},{Metering.Resource(sub)},{KnownMeter},2026-01-15T01:00:00Z,1,,,,,,"),
        };

        var response = await Metering.PostAsync(http, token, Metering.Csv(lines.Select(l => l.Line)));

        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        response.Body.Int("accepted").ShouldBe(1);
        var rejects = response.Body["rejects"]!.AsArray();
        rejects.Select(r => r!["reason"]!.GetValue<string>()).ShouldBe(lines.Where(l => l.Expected != "Accepted").Select(l => l.Expected));
        rejects.Select(r => r!["line"]!.GetValue<long>()).ShouldBe(Enumerable.Range(3, lines.Length - 1).Select(i => (long)i), "line numbers count the header");
        rejects[4]!["detail"]!.GetValue<string>().ShouldContain("is not under the Azure subscription");
        rejects[5]!["detail"]!.GetValue<string>().ShouldContain("more than a day in the future");
        var stored = await new PartnerClient(http, token).GetAsync("/metering/usage/rejects");
        stored.Status.ShouldBe(HttpStatusCode.OK, stored.Text);
        stored.Body["items"]!.AsArray().Select(r => r!["reason"]!.GetValue<string>()).ShouldBe(lines.Where(l => l.Expected != "Accepted").Select(l => l.Expected));
        var fabrikamRejects = await new PartnerClient(fabrikam.Http, fabrikam.Token).GetAsync("/metering/usage/rejects");
        fabrikamRejects.Body["items"]!.AsArray().ShouldBeEmpty("rejects belong to the partner that sent them");
    }

    [Fact]
    public async Task JsonLines_Gzipped_WithNumbersObjectsAndABrokenLine_AreReadPerRecord()
    {
        var (http, token, sub) = await SetUpAsync();
        var (good, other) = (Id(), Id());
        var body = string.Join("\n",
            $$"""{"usageRecordId":"{{good}}","entitlementId":"{{sub}}","resourceUri":"{{Metering.Resource(sub)}}","meterId":"{{Metering.VmMeter}}","usageStart":"2026-01-15 02:00:00","quantity":2.25,"tags":{"env":"prod"} }""",
            """{"usageRecordId": "broken", "quantity": """,
            "[1,2,3]",
            $$"""{"USAGERECORDID":"{{other}}","EntitlementId":"{{sub}}","ResourceUri":"{{Metering.Resource(sub)}}","MeterId":"{{Metering.VmMeter}}","UsageStart":"2026-01-15","Quantity":"1"}""");

        var response = await Metering.PostAsync(http, token, body, "application/x-ndjson", gzip: true);

        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
        (response.Body.Int("accepted"), response.Body.Int("rejected")).ShouldBe((2, 2));
        response.Body["rejects"]!.AsArray().Select(r => r!["line"]!.GetValue<long>()).ShouldBe([2L, 3L]);
        response.Body["rejects"]!.AsArray().ShouldAllBe(r => r!["reason"]!.GetValue<string>() == "Malformed");
    }

    [Fact]
    public async Task BrokenFiles_Answer400_413_Or415LikeFaults_NeverA500()
    {
        var (http, token, sub) = await SetUpAsync();

        var missingColumn = await Metering.PostAsync(http, token, "UsageRecordId,EntitlementId\n1,2\n");
        var wrongType = await Metering.PostAsync(http, token, "a,b", "application/xml");
        var notGzip = await Metering.PostAsync(http, token, Metering.Csv([Metering.Line(Id(), sub)]), "text/csv; charset=utf-8", gzip: false);
        var tooMany = await Metering.PostAsync(http, token, Metering.Csv(Enumerable.Range(0, 100_001).Select(_ => Metering.Line(Id(), sub))), gzip: true);

        missingColumn.ShouldBeFault(HttpStatusCode.BadRequest, "800002").ShouldContain("ResourceUri");
        wrongType.ShouldBeFault(HttpStatusCode.BadRequest, "3000");
        notGzip.Status.ShouldBe(HttpStatusCode.OK, notGzip.Text);
        tooMany.ShouldBeFault(HttpStatusCode.RequestEntityTooLarge, "800002").ShouldContain("100000");
    }

    [Fact]
    public async Task ConcurrentOverlappingFiles_CountEveryIdOnce()
    {
        var (http, token, sub) = await SetUpAsync();
        var ids = Enumerable.Range(0, 3000).Select(_ => Id()).ToArray();
        // Four files of 1500 records each, overlapping: [0,1500), [500,2000), [1000,2500), [1500,3000).
        var files = Enumerable.Range(0, 4).Select(f => Metering.Csv(ids.Skip(f * 500).Take(1500).Select(id => Metering.Line(id, sub)))).ToArray();

        var responses = await Task.WhenAll(files.Concat(files).Select(file => Metering.PostAsync(http, token, file)));

        responses.ShouldAllBe(r => r.Status == HttpStatusCode.OK);
        responses.Sum(r => r.Body.Int("accepted")).ShouldBe(ids.Length);
        responses.Sum(r => r.Body.Int("duplicates")).ShouldBe((8 * 1500) - ids.Length);
        var ledger = _factory.Services.GetRequiredService<IUsageLedger>();
        (await ledger.TotalsAsync(TestContext.Current.CancellationToken)).Records.ShouldBe(ids.Length);
    }

    [Fact]
    public async Task StoredRecords_ReadBackThroughTheView_FieldForField()
    {
        var (http, token, sub) = await SetUpAsync();
        var (lower, upper, text) = (Id(), Id().ToUpperInvariant(), "usage-" + Id());
        var resource = Metering.Resource(sub, "VM-Mixed-Case");
        await Metering.PostAsync(http, token, Metering.Csv([
            Metering.Line(lower, sub, resource, quantity: "0.12345678"), Metering.Line(upper, sub, start: "2026-01-15 03:04:05"), Metering.Line(text, sub)]));

        var database = _factory.Services.GetRequiredService<PlanCenter.Storage.SqliteDatabase>();
        await using var connection = await database.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT usage_record_id, entitlement_id, resource_uri, meter_id, usage_start, quantity, resource_location, consumed_service FROM usage_records_view ORDER BY seq";
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows.Add(string.Join('|', Enumerable.Range(0, 8).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
            }
        }

        var at = new DateTimeOffset(2026, 1, 15, 1, 0, 0, TimeSpan.Zero).UtcTicks;
        rows.ShouldBe([
            $"{lower}|{sub}|{resource}|{Metering.VmMeter}|{at}|0.12345678|eastus|Microsoft.Compute",
            $"{upper}|{sub}|{Metering.Resource(sub)}|{Metering.VmMeter}|{new DateTimeOffset(2026, 1, 15, 3, 4, 5, TimeSpan.Zero).UtcTicks}|1|eastus|Microsoft.Compute",
            $"{text}|{sub}|{Metering.Resource(sub)}|{Metering.VmMeter}|{at}|1|eastus|Microsoft.Compute",
        ]);
    }

    [Fact]
    public async Task TwoLedgersOnOneDatabase_LikeServerAndCliProcesses_SeeEachOthersIds()
    {
        var directory = Path.Combine(Path.GetTempPath(), "plancenter-tests", Guid.NewGuid().ToString("N"));
        try
        {
            using var factory = PlanCenterFactory.OnDisk(directory);
            var client = await factory.SignInAsync("admin@contoso-partner.example");
            var (customerId, planId) = await Journey.BuyAzurePlanAsync(client);
            var sub = await Journey.DefaultAzureSubscriptionAsync(client, customerId, planId);
            var services = factory.Services;
            IUsageLedger Ledger() => new PlanCenter.Storage.Usage.SqliteUsageLedger(services.GetRequiredService<PlanCenter.Storage.SqliteDatabase>(),
                new NoMeterDirectory(), factory.Time);
            var (server, cli) = (Ledger(), Ledger());
            var ids = Enumerable.Range(0, 200).Select(_ => Id()).ToArray();
            IReadOnlyList<UsageRow> Rows(int from, int to, string vm) => [.. ids[from..to].Select((id, i) => new UsageRow(new PlanCenter.Domain.Usage.UsageRecordText(
                id, sub, Metering.Resource(sub, vm), Metering.VmMeter, "2026-01-15T01:00:00Z", "1", "westeurope", null, null, null, null, null, i + 2), null))];
            var ct = TestContext.Current.CancellationToken;

            var first = await server.IngestBatchAsync(Rows(0, 100, "vm-a"), null, "server", ct);
            var second = await cli.IngestBatchAsync(Rows(50, 150, "vm-b"), null, "cli", ct);
            var third = await server.IngestBatchAsync(Rows(100, 200, "vm-c"), null, "server", ct);

            (first.Accepted, second.Accepted, second.Duplicates, third.Accepted, third.Duplicates).ShouldBe((100, 50, 50, 50, 50));
            (await cli.TotalsAsync(ct)).ShouldBe(new UsageTotals(200, 0, 3, 100));
            var resources = await client.GetAsync($"/subscriptions/{sub}/resources");
            resources.Body["value"]!.AsArray().Count.ShouldBe(4, "rg-prod and the three VMs, whichever ledger saw them");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Caller_WithoutAccessRights_IsForbidden()
    {
        var (http, _, sub) = await SetUpAsync();
        var sales = await PartnerClient.GetUserTokenAsync(http, "sales@contoso-partner.example");

        var response = await Metering.PostAsync(http, sales, Metering.Csv([Metering.Line(Id(), sub)]));

        response.ShouldBeFault(HttpStatusCode.Forbidden, "900150");
    }

    private sealed class OneMeter(string meter) : IMeterDirectory
    {
        public bool HasPriceList => true;

        public bool IsKnown(MeterId id) => id.Value == Guid.Parse(meter);
    }
}
