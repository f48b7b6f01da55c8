using System.Globalization;
using System.Text.Json;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Primitives;
using PlanCenter.Rating.Files;

namespace PlanCenter.Domain.Tests.Files;

/// <summary>
/// The offline reader's fast paths (CSV spans, GUID ids, formatting shortcuts) give exactly what the
/// general paths give.
/// </summary>
public sealed class FastPathTests
{
    private const string Entitlement = "0a000000-0000-4000-8000-000000000001";
    private const string Meter = "6d1b3b1e-0000-4000-8000-000000000001";
    private const string Resource = "/subscriptions/" + Entitlement + "/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/vm1";

    /// <summary>Records in forms the CSV fast path takes and forms it leaves to the general parser.</summary>
    private static readonly string[][] Records =
    [
        // Ties on the same start: the greatest id (ordinal) wins, GUID and non-GUID, upper- and lower-case.
        ["5a000000-0000-4000-8000-000000000001", Entitlement, Resource, Meter, "2026-01-03T10:00:00Z", "1.50", "westeurope", "a"],
        ["5A000000-0000-4000-8000-000000000002", Entitlement, Resource.ToUpperInvariant(), Meter, "2026-01-03T10:00:00Z", "2", "northeurope", "b"],
        ["zz-not-a-guid", Entitlement, Resource, Meter, "2026-01-03 10:00:00", "0.25000000", "eastus", "c"],
        ["5a000000-0000-4000-8000-000000000003", Entitlement, Resource, Meter, "2026-01-03T10:00:00+00:00", "3", "uksouth", "d"],
        // Duplicates of earlier ids in another case and with braces.
        ["5A000000-0000-4000-8000-000000000001", Entitlement, Resource, Meter, "2026-01-04T10:00:00Z", "99", "x", "x"],
        ["{5a000000-0000-4000-8000-000000000003}", Entitlement, Resource, Meter, "2026-01-04T10:00:00Z", "99", "x", "x"],
        // An offset, a date alone, leading zeros, many digits.
        ["5a000000-0000-4000-8000-000000000004", Entitlement, Resource, Meter, "2026-01-04T23:30:00-02:00", "007.10", "westeurope", "e"],
        ["5a000000-0000-4000-8000-000000000005", Entitlement, Resource, Meter, "2026-01-05", "123456789012345678", "westeurope", "f"],
        ["5a000000-0000-4000-8000-000000000006", Entitlement, Resource, Meter, "2026-01-05T01:00:00Z", "1234567890.12345678", "westeurope", ""],
        // Rejects: negative, exponent, bad time, bad date, unknown entitlement.
        ["5a000000-0000-4000-8000-000000000007", Entitlement, Resource, Meter, "2026-01-05T02:00:00Z", "-1", "westeurope", "g"],
        ["5a000000-0000-4000-8000-000000000008", Entitlement, Resource, Meter, "2026-01-05T02:00:00Z", "1e3", "westeurope", "h"],
        ["5a000000-0000-4000-8000-000000000009", Entitlement, Resource, Meter, "2026-02-30T02:00:00Z", "1", "westeurope", "i"],
        ["5a000000-0000-4000-8000-00000000000a", Entitlement, Resource, Meter, "2026-01-05T24:00:00Z", "1", "westeurope", "j"],
        ["5a000000-0000-4000-8000-00000000000b", "0a000000-0000-4000-8000-0000000000ff", Resource, Meter, "2026-01-05T02:00:00Z", "1", "westeurope", "k"],
        ["", Entitlement, Resource, Meter, "2026-01-05T02:00:00Z", "1", "westeurope", "l"],
    ];

    [Fact]
    public void Run_CsvAndJsonLinesOfTheSameRecords_GiveIdenticalFiles()
    {
        using var temp = new TempDirectory();
        var csv = "UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart,Quantity,ResourceLocation,Tags\n"
            + string.Concat(Records.Select(r => string.Join(',', r) + "\n"));
        var jsonl = string.Concat(Records.Select(r => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["usageRecordId"] = r[0],
            ["entitlementId"] = r[1],
            ["resourceUri"] = r[2],
            ["meterId"] = r[3],
            ["usageStart"] = r[4],
            ["quantity"] = r[5],
            ["resourceLocation"] = r[6],
            ["tags"] = r[7],
        }) + "\n"));

        var fromCsv = Run(temp, "csv", temp.Write("usage.csv", csv));
        var fromJson = Run(temp, "json", temp.Write("usage.jsonl", jsonl));

        fromCsv.Recon.ShouldBe(fromJson.Recon);
        fromCsv.Invoice.ShouldBe(fromJson.Invoice);
        fromCsv.Rejects.ShouldBe(fromJson.Rejects);
        fromCsv.Summary.Accepted.ShouldBe(fromJson.Summary.Accepted);
        fromCsv.Summary.Duplicates.ShouldBe(2);
        fromCsv.Recon.ShouldContain(",eastus,");
    }

    [Fact]
    public void Format_MatchesTheCustomPattern()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var value = new decimal(random.Next(), random.Next(), random.Next(4), random.Next(2) == 0, (byte)random.Next(29));
            DecimalText.Format(value).ShouldBe(value == 0m ? "0" : value.ToString("0.############################", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void CompareGuids_OrdersAsTheLowerCaseText()
    {
        var random = new Random(11);
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            var x = new Guid(bytes);
            random.NextBytes(bytes);
            var y = i % 10 == 0 ? x : new Guid(bytes);
            Math.Sign(DailyUsageLineOrder.CompareGuids(x, y)).ShouldBe(Math.Sign(string.CompareOrdinal(x.ToString("D"), y.ToString("D"))));
        }
    }

    [Fact]
    public void Date_IsIsoText()
    {
        foreach (var day in new[] { new DateOnly(1, 1, 1), new DateOnly(999, 12, 31), new DateOnly(2026, 1, 31), new DateOnly(9999, 12, 31) })
        {
            ReconText.Date(day).ShouldBe(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    private static (OfflineRatingSummary Summary, string Recon, string Invoice, string Rejects) Run(TempDirectory temp, string name, string usage)
    {
        var golden = GoldenTests.GoldenDirectory("basic");
        var inputs = new OfflineRatingInputs
        {
            UsagePaths = [usage],
            PricesPath = Path.Combine(golden, "prices.csv"),
            AccountsPath = Path.Combine(golden, "accounts.csv"),
            ExchangeRatesPath = Path.Combine(golden, "fx.csv"),
            AccessPath = Path.Combine(golden, "access.csv"),
            ReconPath = temp.File(name + "-recon.csv"),
            InvoiceReconPath = temp.File(name + "-invoice.csv"),
            RejectsPath = temp.File(name + "-rejects.csv"),
        };
        var summary = OfflineRating.Run(inputs, new RatingOptions());
        return (summary, File.ReadAllText(inputs.ReconPath), File.ReadAllText(inputs.InvoiceReconPath), File.ReadAllText(inputs.RejectsPath));
    }
}
