using System.Globalization;
using System.Text;
using FsCheck.Xunit;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Rating.Files;

namespace PlanCenter.Domain.Tests.Files;

/// <summary>Engine invariants over generated usage: order and file splits do not change the output; nothing is lost.</summary>
public sealed class OfflineRatingPropertyTests
{
    private const string Header = "UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart,Quantity,ResourceLocation,ConsumedService,Tags,AdditionalInfo,ServiceInfo1,ServiceInfo2";

    private static readonly string[] Entitlements =
        ["0a000000-0000-4000-8000-000000000001", "0a000000-0000-4000-8000-000000000002", "0a000000-0000-4000-8000-000000000003", "0a000000-0000-4000-8000-0000000000ff"];

    private static readonly string[] Meters =
        ["6d1b3b1e-0000-4000-8000-000000000001", "6d1b3b1e-0000-4000-8000-000000000002", "6d1b3b1e-0000-4000-8000-000000000003", "6d1b3b1e-0000-4000-8000-000000000004"];

    /// <summary>Generated usage rows with unique ids (plus, when asked, some repeated ids).</summary>
    private static List<string> Rows(int seed, bool withDuplicates)
    {
        var random = new Random(seed);
        var count = random.Next(1, 120);
        var rows = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var entitlement = Entitlements[random.Next(Entitlements.Length)];
            var group = random.Next(2) == 0 ? "prod" : "dev";
            var resource = $"/subscriptions/{entitlement}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachines/vm{random.Next(3)}";
            if (random.Next(5) == 0)
            {
                resource = resource.ToUpperInvariant();
            }

            var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(random.Next(0, 24 * 40));
            var quantity = random.Next(10) == 0 ? "-1" : (random.Next(0, 20000) / 100m).ToString(CultureInfo.InvariantCulture);
            var id = withDuplicates && i > 0 && random.Next(8) == 0 ? $"r{random.Next(i)}" : $"r{i}";
            rows.Add($"{id},{entitlement},{resource},{Meters[random.Next(Meters.Length)]},{start:yyyy-MM-ddTHH:mm:ssZ},{quantity},westeurope,Microsoft.Compute,\"{{\"\"n\"\":{i}}}\",,,");
        }

        return rows;
    }

    private static (OfflineRatingSummary Summary, string Recon, string Invoice, string Rejects) Run(TempDirectory temp, string name, params List<string>[] files)
    {
        var golden = GoldenTests.GoldenDirectory("basic");
        var usagePaths = new List<string>();
        for (var i = 0; i < files.Length; i++)
        {
            usagePaths.Add(temp.Write($"{name}-usage{i}.csv", Header + "\n" + string.Join("\n", files[i]) + "\n"));
        }

        var inputs = new OfflineRatingInputs
        {
            UsagePaths = usagePaths,
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

    [Property(MaxTest = 25)]
    public bool Run_ReorderedRecords_GiveIdenticalRecon(int seed)
    {
        using var temp = new TempDirectory();
        var rows = Rows(seed, withDuplicates: false);
        var shuffled = rows.OrderBy(_ => Random.Shared.Next()).ToList();

        var original = Run(temp, "a", rows);
        var reordered = Run(temp, "b", shuffled);

        return original.Recon == reordered.Recon && original.Invoice == reordered.Invoice
            && original.Summary.Accepted == reordered.Summary.Accepted && original.Summary.Rejected == reordered.Summary.Rejected;
    }

    [Property(MaxTest = 25)]
    public bool Run_InputSplitIntoTwoFiles_GivesIdenticalOutput(int seed)
    {
        using var temp = new TempDirectory();
        var rows = Rows(seed, withDuplicates: true);
        var cut = Math.Abs(seed) % (rows.Count + 1);

        var whole = Run(temp, "a", rows);
        var split = Run(temp, "b", rows[..cut], rows[cut..]);

        return whole.Recon == split.Recon && whole.Invoice == split.Invoice && whole.Rejects == split.Rejects
            && whole.Summary.Duplicates == split.Summary.Duplicates;
    }

    [Property(MaxTest = 25)]
    public bool Run_AnyInput_AcceptedPlusRejectedPlusDuplicatesEqualsRead(int seed)
    {
        using var temp = new TempDirectory();
        var rows = Rows(seed, withDuplicates: true);

        var (summary, _, _, rejects) = Run(temp, "a", rows);

        var rejectRows = rejects.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        return summary.RecordsRead == rows.Count
            && summary.Accepted + summary.Rejected + summary.Duplicates == summary.RecordsRead
            && rejectRows == summary.Rejected;
    }

    [Fact]
    public void Run_SameInputTwice_IsByteIdentical()
    {
        using var temp = new TempDirectory();
        var rows = Rows(42, withDuplicates: true);

        var first = Run(temp, "a", rows);
        var second = Run(temp, "b", rows);

        Encoding.UTF8.GetBytes(first.Recon).ShouldBe(Encoding.UTF8.GetBytes(second.Recon));
        first.Summary.DailyLinesWritten.ShouldBeGreaterThan(0);
    }
}
