using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Api.Tests.Rating;
using PlanCenter.Api.Tests.Support;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage;
using PlanCenter.Storage.Billing;
using Shouldly;

namespace PlanCenter.Api.Tests.Billing;

/// <summary>
/// The month close (issue 6): each test has its own instance (clock 2026-01-15 09:30 UTC, so January is
/// open and closes on 2026-02-05 00:00 UTC), whose business time moves with the sandbox clock route. The usage is that of <see cref="UnbilledLineItemsTests"/>:
/// 8 units on the 15th (partial PEC day) and 7 on the 16th at u = 0.2142857143 with 15 % PEC.
/// </summary>
public sealed partial class MonthCloseTests
{
    private const string Meter = UsageWorld.TieredMeter;

    [Fact]
    public async Task Close_AtTheGraceTime_IssuesOneGInvoiceWhoseLinesAreTheUnbilledLinesWithItsNumber()
    {
        await using var factory = new PlanCenterFactory();
        var world = await JanuaryUsageAsync(factory);
        var unbilledBefore = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath()));
        unbilledBefore.Count.ShouldBe(3);

        // One minute before the grace time nothing closes.
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 4, 23, 59, 0, TimeSpan.Zero));
        await factory.Services.GetRequiredService<PeriodClose>().CloseDueAsync(CancellationToken.None);
        (await world.Client.GetAsync("/v1/invoices")).Body["items"]!.AsArray().Count.ShouldBe(0);
        var previousRecon = UsageWorld.UnbilledPath("billinglineitems").Replace("period=current", "period=previous", StringComparison.Ordinal);
        world.Mine(await UsageWorld.ReadAllAsync(world.Client, previousRecon)).Count.ShouldBe(2);

        // At 2026-02-05 00:00 UTC the scheduler closes January.
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero));
        var invoice = (await WaitForInvoicesAsync(world.Client, 1))[0]!;
        var id = invoice["id"]!.GetValue<string>();
        InvoiceNumberPattern().IsMatch(id).ShouldBeTrue(id);
        invoice["currencyCode"]!.GetValue<string>().ShouldBe("USD");
        invoice["currencySymbol"]!.GetValue<string>().ShouldBe("$");
        invoice["billingPeriodStartDate"]!.GetValue<string>().ShouldStartWith("2026-01-01");
        invoice["billingPeriodEndDate"]!.GetValue<string>().ShouldStartWith("2026-01-31");
        invoice["invoiceDate"]!.GetValue<string>().ShouldStartWith("2026-02-05");
        invoice["invoiceType"]!.GetValue<string>().ShouldBe("OneTime");
        invoice["documentType"]!.GetValue<string>().ShouldBe("invoice");
        invoice["pdfDownloadLink"]!.GetValue<string>().ShouldBe($"/invoices/{id}/documents/statement");
        invoice["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("Invoice");
        // Recon: (no PEC, 8 units at 0) → 0.00; (PEC, 7 units: 7 × 0.2142857143 × 0.85 = 1.275000000085 → 1.27).
        invoice["totalCharges"]!.GetValue<decimal>().ShouldBe(1.27m);

        var billedUsage = await UsageWorld.ReadAllAsync(world.Client, $"/v1/invoices/{id}/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&currencyCode=USD&period=current&size=2");
        billedUsage.Count.ShouldBe(3);
        for (var i = 0; i < 3; i++)
        {
            billedUsage[i]["invoiceNumber"]!.GetValue<string>().ShouldBe(id);
            var expected = unbilledBefore[i].DeepClone();
            expected["invoiceNumber"] = id;
            JsonNode.DeepEquals(billedUsage[i], expected).ShouldBeTrue(billedUsage[i].ToJsonString());
        }

        var recon = await UsageWorld.ReadAllAsync(world.Client, $"/v1/invoices/{id}/lineitems?provider=onetime&invoiceLineItemType=billinglineitems&currencyCode=USD&period=current&size=1");
        recon.Count.ShouldBe(2);
        recon.Select(r => r["invoiceNumber"]!.GetValue<string>()).ShouldAllBe(n => n == id);
        recon.Select(r => r["billableQuantity"]!.GetValue<decimal>()).ShouldBe([8m, 7m]);
        recon.Select(r => r["subtotal"]!.GetValue<decimal>()).ShouldBe([0m, 1.27m]);
        recon.Sum(r => r["totalForCustomer"]!.GetValue<decimal>()).ShouldBe(invoice["totalCharges"]!.GetValue<decimal>());
        recon[1]["effectiveUnitPrice"]!.GetValue<decimal>().ShouldBe(0.1821428572m);
        recon[1]["priceAdjustmentDescription"]!.GetValue<string>().ShouldBe("[\"15.0% Partner earned credit for services managed\"]");

        // Nothing of January is unbilled any more, its recon included (built before the close).
        (await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath().Replace("period=current", "period=previous", StringComparison.Ordinal))).ShouldBeEmpty();
        (await UsageWorld.ReadAllAsync(world.Client, previousRecon)).ShouldBeEmpty();
        (await world.Client.GetAsync($"/v1/invoices/{id.ToLowerInvariant()}")).Body["id"]!.GetValue<string>().ShouldBe(id);
        (await world.Client.GetAsync($"/v1/invoices/OneTime-{id}")).Body["id"]!.GetValue<string>().ShouldBe(id);
    }

    [Fact]
    public async Task LateUsage_OfAClosedMonth_IsBilledOnTheNextInvoiceAtThatMonthsTiersAndTheFirstInvoiceNeverChanges()
    {
        await using var factory = new PlanCenterFactory();
        var world = await JanuaryUsageAsync(factory);
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero));
        var january = (await WaitForInvoicesAsync(world.Client, 1))[0]!;
        var januaryId = january["id"]!.GetValue<string>();
        var januaryLines = await BilledUsageTextAsync(world.Client, januaryId);

        // Late: 3 more units on 2026-01-20, after the close. January's tiers continue from its billed 15 units:
        // [15, 18) lies in the 10 @ 0.3 tier → u = 0.3; the whole day is covered → PEC.
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 10, 12, 0, 0, TimeSpan.Zero));
        await world.PostUsageAsync(("late-1", world.Resource("watcher-a"), Meter, "2026-01-20T08:00:00Z", "3"));
        var unbilled = world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath()));
        var late = unbilled.ShouldHaveSingleItem();
        late["usageDate"]!.GetValue<string>().ShouldBe("2026-01-20T00:00:00Z");
        late["chargeStartDate"]!.GetValue<string>().ShouldBe("2026-01-01T00:00:00Z");
        late["unitPrice"]!.GetValue<decimal>().ShouldBe(0.3m);
        late["pricingPreTaxTotal"]!.GetValue<decimal>().ShouldBe(0.765m);
        late["invoiceNumber"]!.GetValue<string>().ShouldBe("");

        // Unbilled recon pages hold the late January group and February's own group of the same meter: each exactly once.
        await world.PostUsageAsync(("feb-own", world.Resource("watcher-a"), Meter, "2026-02-09T08:00:00Z", "1"));
        var unbilledRecon = await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath("billinglineitems", "&size=1"));
        unbilledRecon.Select(r => r["chargeStartDate"]!.GetValue<string>()).ShouldBe(["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"]);

        // January's invoice and its lines are as issued.
        (await world.Client.GetAsync($"/v1/invoices/{januaryId}")).Body["totalCharges"]!.GetValue<decimal>().ShouldBe(1.27m);
        (await BilledUsageTextAsync(world.Client, januaryId)).ShouldBe(januaryLines);

        // February closes on 2026-03-05 and bills the late January line.
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero));
        var invoices = await WaitForInvoicesAsync(world.Client, 2);
        var february = invoices.Single(i => i!["id"]!.GetValue<string>() != januaryId)!;
        var februaryId = february["id"]!.GetValue<string>();
        string.CompareOrdinal(februaryId, januaryId).ShouldBeGreaterThan(0);
        february["billingPeriodStartDate"]!.GetValue<string>().ShouldStartWith("2026-02-01");
        var recon = await UsageWorld.ReadAllAsync(world.Client, $"/v1/invoices/OneTime-{februaryId}/lineitems/OneTime/BillingLineItems?size=1");
        recon.Count.ShouldBe(2);
        recon[1]["chargeStartDate"]!.GetValue<string>().ShouldBe("2026-02-01T00:00:00Z");
        var line = recon[0];
        line["chargeStartDate"]!.GetValue<string>().ShouldBe("2026-01-01T00:00:00Z");
        line["subtotal"]!.GetValue<decimal>().ShouldBe(0.76m);
        february["totalCharges"]!.GetValue<decimal>().ShouldBe(0.76m + recon[1]["subtotal"]!.GetValue<decimal>());
        var billedLate = (await UsageWorld.ReadAllAsync(world.Client, $"/v1/invoices/{februaryId}/lineitems?provider=onetime&invoiceLineItemType=usagelineitems"))
            .Single(l => l["usageDate"]!.GetValue<string>() == "2026-01-20T00:00:00Z");
        billedLate["invoiceNumber"]!.GetValue<string>().ShouldBe(februaryId);
        billedLate["chargeStartDate"]!.GetValue<string>().ShouldBe("2026-01-01T00:00:00Z");
        (await BilledUsageTextAsync(world.Client, januaryId)).ShouldBe(januaryLines);
    }

    [Fact]
    public async Task Close_ThatFailsMidway_LeavesNoInvoice_AndASecondCloseOfTheSamePeriodDoesNothing()
    {
        var fault = new FailingObserver();
        await using var factory = new PlanCenterFactory { ConfigureMoreServices = s => s.AddSingleton<ICloseObserver>(fault) };
        var world = await JanuaryUsageAsync(factory);
        var close = factory.Services.GetRequiredService<PeriodClose>();
        var january = new DateOnly(2026, 1, 1);

        fault.Armed = true;
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero));
        await Should.ThrowAsync<InvalidOperationException>(() => close.CloseThroughAsync(january, CancellationToken.None));
        fault.Calls.ShouldBeGreaterThan(0);
        (await CountAsync(factory, "SELECT COUNT(*) FROM invoices")).ShouldBe(0);
        (await CountAsync(factory, "SELECT COUNT(*) FROM invoice_recon_lines")).ShouldBe(0);
        (await CountAsync(factory, "SELECT COUNT(*) FROM billing_closes WHERE period = '2026-01'")).ShouldBe(0);
        world.Mine(await UsageWorld.ReadAllAsync(world.Client, UsageWorld.UnbilledPath().Replace("period=current", "period=previous", StringComparison.Ordinal))).Count.ShouldBe(3);

        fault.Armed = false;
        var first = await close.CloseThroughAsync(january, CancellationToken.None);
        var issued = first.ShouldHaveSingleItem().Invoices.ShouldHaveSingleItem();
        issued.Total.ShouldBe(1.27m);
        var again = await close.CloseThroughAsync(january, CancellationToken.None);
        again.ShouldHaveSingleItem().AlreadyClosed.ShouldBeTrue();
        (await CountAsync(factory, "SELECT COUNT(*) FROM invoices")).ShouldBe(1);
        (await CountAsync(factory, "SELECT last FROM invoice_number_seq")).ShouldBe(long.Parse(issued.Id[1..], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task UnbilledReads_WhileACloseHoldsRatingOff_DoNotWaitForIt()
    {
        var gate = new GatedObserver();
        await using var factory = new PlanCenterFactory
        {
            // Only this test's close runs (the scheduler's would start at the clock move, before the new sign-in).
            ConfigureMoreServices = s => s.AddSingleton<ICloseObserver>(gate).AddSingleton(new BillingSettings(BillingCalendar.Default, AutoClose: false)),
        };
        var world = await JanuaryUsageAsync(factory);
        var previous = UsageWorld.UnbilledPath().Replace("period=current", "period=previous", StringComparison.Ordinal);

        // January closes and stops after writing its invoice, inside the close (rating held off, write lock taken).
        factory.Time.Advance(new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero) - factory.Time.GetUtcNow());
        var client = await factory.SignInAsync(UsageWorld.Admin);
        var closing = Task.Run(() => factory.Services.GetRequiredService<PeriodClose>().CloseThroughAsync(new DateOnly(2026, 1, 1), CancellationToken.None));
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var during = await UsageWorld.ReadAllAsync(client, previous).WaitAsync(TimeSpan.FromSeconds(20));
        var reconDuring = await UsageWorld.ReadAllAsync(client, UsageWorld.UnbilledPath("billinglineitems").Replace("period=current", "period=previous",
            StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(20));
        gate.Release();
        await closing;

        world.Mine(during).Count.ShouldBe(3);
        world.Mine(reconDuring).Count.ShouldBe(2);
        (await WaitForInvoicesAsync(client, 1)).Count.ShouldBe(1);
        world.Mine(await UsageWorld.ReadAllAsync(client, previous)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Statement_IsAPdfOfTheInvoice_ThatNeverChanges()
    {
        await using var factory = new PlanCenterFactory();
        var world = await JanuaryUsageAsync(factory);
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero));
        var id = (await WaitForInvoicesAsync(world.Client, 1))[0]!["id"]!.GetValue<string>();

        using var response = await world.Client.Http.SendAsync(Get($"/v1/invoices/{id}/documents/statement", world));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe($"Invoice_{id}.pdf");
        var pdf = await response.Content.ReadAsByteArrayAsync();
        string text;
        using (var document = UglyToad.PdfPig.PdfDocument.Open(pdf))
        {
            text = string.Join('\n', document.GetPages().Select(p => string.Join(' ', p.GetWords().Select(w => w.Text))));
        }

        text.ShouldContain(id);
        text.ShouldContain("Contoso");
        text.ShouldContain("2026-01-01");
        text.ShouldContain("2026-01-31");
        text.ShouldContain("1.27");
        text.ShouldContain("exchange rate to USD: 1");
        text.ShouldContain(world.CustomerId, Case.Insensitive);

        // Late usage and a later close do not change the stored document.
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero));
        await world.PostUsageAsync(("late-pdf", world.Resource("watcher-a"), Meter, "2026-01-21T08:00:00Z", "4"));
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero));
        await WaitForInvoicesAsync(world.Client, 2);
        using var again = await world.Client.Http.SendAsync(Get($"/v1/invoices/{id}/documents/statement", world));
        (await again.Content.ReadAsByteArrayAsync()).ShouldBe(pdf);

        var fabrikam = await factory.SignInAsync("admin@fabrikam-partner.example");
        (await fabrikam.GetAsync($"/v1/invoices/{id}/documents/statement")).ShouldBeFault(HttpStatusCode.NotFound, "1000");
    }

    private static HttpRequestMessage Get(string path, UsageWorld world)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", world.Token);
        request.Headers.Accept.ParseAdd("application/pdf");
        return request;
    }

    [Fact]
    public async Task Close_OfAnOpenPeriod_IsRefused()
    {
        await using var factory = new PlanCenterFactory();
        await factory.SignInAsync(UsageWorld.Admin);
        var close = factory.Services.GetRequiredService<PeriodClose>();

        var open = await Should.ThrowAsync<CommerceRuleException>(() => close.CloseThroughAsync(new DateOnly(2026, 1, 1), CancellationToken.None));
        open.Error.Description.ShouldContain("2026-01 is still open");
        open.Error.Description.ShouldContain("2026-02-05 00:00");
        await Should.ThrowAsync<CommerceRuleException>(() => close.CloseThroughAsync(new DateOnly(2027, 6, 1), CancellationToken.None));
    }

    [Fact]
    public async Task Invoices_OfAnotherPartnerOrUnknown_Are404_AndBadQueriesAre400()
    {
        await using var factory = new PlanCenterFactory();
        var world = await JanuaryUsageAsync(factory);
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 5, 0, 0, 0, TimeSpan.Zero));
        var id = (await WaitForInvoicesAsync(world.Client, 1))[0]!["id"]!.GetValue<string>();
        var fabrikam = await factory.SignInAsync("admin@fabrikam-partner.example");

        (await fabrikam.GetAsync($"/v1/invoices/{id}")).ShouldBeFault(HttpStatusCode.NotFound, "1000");
        (await fabrikam.GetAsync($"/v1/invoices/{id}/lineitems?provider=onetime&invoiceLineItemType=billinglineitems")).ShouldBeFault(HttpStatusCode.NotFound, "1000");
        (await fabrikam.GetAsync("/v1/invoices")).Body["items"]!.AsArray().ShouldBeEmpty();
        (await world.Client.GetAsync("/v1/invoices/G999999999")).ShouldBeFault(HttpStatusCode.NotFound, "1000");
        (await world.Client.GetAsync("/v1/invoices/not-an-invoice")).ShouldBeFault(HttpStatusCode.NotFound, "1000");
        (await world.Client.GetAsync("/v1/invoices?filter=%7Bnope")).ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain("filter");
        (await world.Client.GetAsync("/v1/invoices?size=-1")).ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain("size");
        (await world.Client.GetAsync($"/v1/invoices/{id}/lineitems?provider=onetime&invoiceLineItemType=billinglineitems&seekOperation=Next",
            new Dictionary<string, string> { ["MS-ContinuationToken"] = "@@" })).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task InvoiceList_PagesByIndex_AndFiltersOnInvoiceDate()
    {
        await using var factory = new PlanCenterFactory();
        var world = await JanuaryUsageAsync(factory);
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 2, 10, 0, 0, 0, TimeSpan.Zero));
        await world.PostUsageAsync(("feb-1", world.Resource("watcher-a"), Meter, "2026-02-09T08:00:00Z", "1"));
        await MoveClockAsync(world.Client, new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero));
        await WaitForInvoicesAsync(world.Client, 2);

        var first = (await world.Client.GetAsync("/v1/invoices?size=1")).Body;
        first["items"]!.AsArray().ShouldHaveSingleItem()!["billingPeriodStartDate"]!.GetValue<string>().ShouldStartWith("2026-02-01");
        var next = first["links"]!["next"]!["uri"]!.GetValue<string>();
        next.ShouldBe("/invoices?size=1&offset=1");
        var second = (await world.Client.GetAsync("/v1" + next)).Body;
        second["items"]!.AsArray().ShouldHaveSingleItem()!["billingPeriodStartDate"]!.GetValue<string>().ShouldStartWith("2026-01-01");
        second["links"]!["next"].ShouldBeNull();

        var filter = Uri.EscapeDataString("""{"Field":"InvoiceDate","Value":"2026-03-01T00:00:00Z","Operator":"greater_than_or_equals"}""");
        var filtered = (await world.Client.GetAsync($"/v1/invoices?filter={filter}")).Body["items"]!.AsArray();
        filtered.ShouldHaveSingleItem()!["invoiceDate"]!.GetValue<string>().ShouldStartWith("2026-03-05");

        // Paging a filtered list keeps the filter in its links.
        var since = Uri.EscapeDataString("""{"Field":"InvoiceDate","Value":"2026-02-01T00:00:00Z","Operator":"greater_than_or_equals"}""");
        var firstFiltered = (await world.Client.GetAsync($"/v1/invoices?size=1&filter={since}")).Body;
        var nextFiltered = firstFiltered["links"]!["next"]!["uri"]!.GetValue<string>();
        nextFiltered.ShouldContain("filter=");
        (await world.Client.GetAsync("/v1" + nextFiltered)).Body["items"]!.AsArray().ShouldHaveSingleItem()!["billingPeriodStartDate"]!.GetValue<string>()
            .ShouldStartWith("2026-01-01");
        (await world.Client.GetAsync("/v1/invoices?size=0")).ShouldBeFault(HttpStatusCode.BadRequest, "3000").ShouldContain("size");

        var summary = (await world.Client.GetAsync("/v1/invoices/summary")).Body;
        summary["currencyCode"]!.GetValue<string>().ShouldBe("USD");
        summary["balanceAmount"]!.GetValue<decimal>().ShouldBe((await world.Client.GetAsync("/v1/invoices")).Body["items"]!.AsArray().Sum(i => i!["totalCharges"]!.GetValue<decimal>()));
        summary["latestInvoiceDate"]!.GetValue<string>().ShouldStartWith("2026-03-05");
        summary["attributes"]!["objectType"]!.GetValue<string>().ShouldBe("InvoiceSummary");
    }

    [Fact]
    public async Task CloseCommand_ClosesADuePeriodOnce_AndRefusesBadOrOpenPeriods()
    {
        var directory = Directory.CreateTempSubdirectory("plancenter-close-").FullName;
        try
        {
            (await CommandLine.RunAsync(directory, "close", "--period", "2026-13")).ShouldSatisfyAllConditions(
                r => r.ExitCode.ShouldBe(2),
                r => r.Error.ShouldContain("--period '2026-13' is not a billing period"));
            (await CommandLine.RunAsync(directory, "close", "--period", "2999-01")).ShouldSatisfyAllConditions(
                r => r.ExitCode.ShouldBe(2),
                r => r.Error.ShouldContain("2999-01 is still open"));
            var closed = await CommandLine.RunAsync(directory, "close", "--period", "2020-01");
            closed.ExitCode.ShouldBe(0, closed.Error);
            closed.Out.ShouldContain("2020-01: closed, 0 invoice(s)");
            var again = await CommandLine.RunAsync(directory, "close", "--period", "2020-01");
            again.ExitCode.ShouldBe(0, again.Error);
            again.Out.ShouldContain("2020-01: already closed; nothing changed.");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A new Contoso customer with January usage: 8 units on the 15th, 5 + 2 on the 16th.</summary>
    private static async Task<UsageWorld> JanuaryUsageAsync(PlanCenterFactory factory)
    {
        var world = await UsageWorld.CreateAsync(factory);
        await world.PostUsageAsync(
            ("r1", world.Resource("watcher-a"), Meter, "2026-01-16T01:00:00Z", "5"),
            ("r2", world.Resource("watcher-a"), Meter, "2026-01-15T10:00:00Z", "8"),
            ("r3", world.Resource("watcher-b"), Meter, "2026-01-16T02:00:00Z", "2"));
        return world;
    }

    /// <summary>Moves business time with the sandbox clock route, as an operator would (tokens stay valid).</summary>
    private static async Task MoveClockAsync(PartnerClient client, DateTimeOffset now)
    {
        var response = await client.PostAsync("/sandbox/clock", $$"""{"now":"{{now:yyyy-MM-ddTHH:mm:ssZ}}"}""");
        response.Status.ShouldBe(HttpStatusCode.OK, response.Text);
    }

    private static async Task<JsonArray> WaitForInvoicesAsync(PartnerClient client, int count)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var items = (await client.GetAsync("/v1/invoices")).Body["items"]!.AsArray();
            if (items.Count >= count)
            {
                return items;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Fewer than {count} invoices after 15 s.");
    }

    private static async Task<string> BilledUsageTextAsync(PartnerClient client, string invoiceId) =>
        (await client.GetAsync($"/v1/invoices/{invoiceId}/lineitems?provider=onetime&invoiceLineItemType=usagelineitems&format=csv")).Text;

    private static async Task<long> CountAsync(PlanCenterFactory factory, string sql)
    {
        await using var connection = await factory.Services.GetRequiredService<SqliteDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex("^G[0-9]{9}$")]
    private static partial Regex InvoiceNumberPattern();

    /// <summary>Holds the first close that writes an invoice until <see cref="Release"/> (at most a minute).</summary>
    private sealed class GatedObserver : ICloseObserver
    {
        private readonly ManualResetEventSlim _released = new();

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.Set();

        public void InvoiceWritten(IssuedInvoice invoice)
        {
            Entered.TrySetResult();
            _released.Wait(TimeSpan.FromMinutes(1));
        }
    }

    private sealed class FailingObserver : ICloseObserver
    {
        public bool Armed { get; set; }

        public int Calls { get; private set; }

        public void InvoiceWritten(IssuedInvoice invoice)
        {
            Calls++;
            if (Armed)
            {
                throw new InvalidOperationException("Simulated failure after writing " + invoice.Id);
            }
        }
    }
}
