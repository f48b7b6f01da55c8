using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Usage;
using PlanCenter.Rating.Files;

namespace PlanCenter.Domain.Tests.Files;

/// <summary>
/// End-to-end runs of <see cref="OfflineRating"/> over <c>tests/golden/&lt;case&gt;/</c>. The expected files
/// are <c>expected-recon.csv</c>, <c>expected-invoice.csv</c> and <c>expected-rejects.csv</c>; run with
/// <c>UPDATE_GOLDEN=1</c> to rewrite them and review the diff.
/// </summary>
public sealed class GoldenTests
{
    private static readonly string[] Outputs = ["recon.csv", "invoice.csv", "rejects.csv"];

    internal static string GoldenDirectory(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PlanCenter.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("PlanCenter.slnx not found"), "tests", "golden", name);
    }

    [Fact]
    public void Run_BasicCase_MatchesGoldenFilesByteForByte()
    {
        var golden = GoldenDirectory("basic");
        using var temp = new TempDirectory();
        var inputs = new OfflineRatingInputs
        {
            UsagePaths = [Path.Combine(golden, "usage.csv"), Path.Combine(golden, "usage2.jsonl")],
            PricesPath = Path.Combine(golden, "prices.csv"),
            AccountsPath = Path.Combine(golden, "accounts.csv"),
            ExchangeRatesPath = Path.Combine(golden, "fx.csv"),
            AccessPath = Path.Combine(golden, "access.csv"),
            ReconPath = temp.File("recon.csv"),
            InvoiceReconPath = temp.File("invoice.csv"),
            RejectsPath = temp.File("rejects.csv"),
        };

        var summary = OfflineRating.Run(inputs, new RatingOptions());

        summary.RecordsRead.ShouldBe(23);
        summary.Duplicates.ShouldBe(3);
        summary.Accepted.ShouldBe(11);
        summary.RejectedByReason[RejectReason.Malformed].ShouldBe(2);
        summary.RejectedByReason[RejectReason.NegativeQuantity].ShouldBe(1);
        summary.RejectedByReason[RejectReason.UnknownEntitlement].ShouldBe(1);
        summary.RejectedByReason[RejectReason.OutsideEntitlementPeriod].ShouldBe(2);
        summary.RejectedByReason[RejectReason.UnknownMeter].ShouldBe(1);
        summary.RejectedByReason[RejectReason.NoPriceOnDate].ShouldBe(1);
        summary.RejectedByReason[RejectReason.NoExchangeRate].ShouldBe(1);
        (summary.Accepted + summary.Rejected + summary.Duplicates).ShouldBe(summary.RecordsRead);
        summary.InvoiceTotals["USD"].ShouldBe(482.56m);
        foreach (var output in Outputs)
        {
            var expectedPath = Path.Combine(golden, "expected-" + output);
            var actual = File.ReadAllText(temp.File(output));
            if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
            {
                File.WriteAllText(expectedPath, actual);
            }

            actual.ShouldBe(File.ReadAllText(expectedPath), output);
        }
    }
}
