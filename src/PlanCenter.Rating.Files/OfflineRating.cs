using System.Diagnostics;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Rating.Files;

/// <summary>
/// The offline <c>rate</c> command core: reads the side files, streams usage (nothing kept per record but a
/// 16-byte id key for idempotency), writes the rejects as it goes, then prices the accumulated lines and
/// writes the daily-rated recon and, optionally, the invoice recon. A broken input throws
/// <see cref="Domain.Primitives.InputFileException"/> (exit code 2 for the CLI).
/// </summary>
public static class OfflineRating
{
    /// <summary>The rejects CSV header.</summary>
    public static IReadOnlyList<string> RejectHeaders { get; } = ["UsageRecordId", "Reason", "Detail"];

    /// <summary>Runs the offline rating; <paramref name="progress"/> receives the count of records read.</summary>
    public static OfflineRatingSummary Run(OfflineRatingInputs inputs, RatingOptions options, IProgress<long>? progress = null) =>
        Run(inputs, options, progress, usageBatchRows: 4096);

    /// <summary>
    /// <see cref="Run(OfflineRatingInputs, RatingOptions, IProgress{long}?)"/> with usage handed between the
    /// parsing and the accumulating thread in batches of <paramref name="usageBatchRows"/> records (tests use tiny ones).
    /// </summary>
    internal static OfflineRatingSummary Run(OfflineRatingInputs inputs, RatingOptions options, IProgress<long>? progress, int usageBatchRows)
    {
        var stages = new List<KeyValuePair<string, TimeSpan>>();
        var clock = Stopwatch.StartNew();
        void Stage(string name)
        {
            stages.Add(new(name, clock.Elapsed));
            clock.Restart();
        }

        var prices = SideFileReaders.ReadPrices(inputs.PricesPath);
        var accounts = SideFileReaders.ReadAccounts(inputs.AccountsPath);
        var rates = inputs.ExchangeRatesPath is null ? ExchangeRateTable.Empty : SideFileReaders.ReadExchangeRates(inputs.ExchangeRatesPath);
        var access = inputs.AccessPath is null ? AccessIndex.Empty : SideFileReaders.ReadAccess(inputs.AccessPath);
        var context = new RatingContext(prices, rates, access, accounts);

        Stage("side files");
        var intake = new UsageIntake(context, progress) { BatchRows = usageBatchRows };
        using (var rejects = inputs.RejectsPath is null ? null : CsvOutput.ToFile(inputs.RejectsPath, RejectHeaders))
        {
            intake.Rejects = rejects;
            foreach (var path in inputs.UsagePaths)
            {
                if (UsageFileReader.IsJsonLines(path))
                {
                    intake.ReadJsonLines(path);
                }
                else
                {
                    intake.ReadCsv(path);
                }
            }
        }

        var (accumulator, rejected, read, accepted, duplicates) = (intake.Accumulator, intake.Rejected, intake.Read, intake.Accepted, intake.Duplicates);
        progress?.Report(read);

        Stage("usage");
        var dailyLines = accumulator.ToLines();
        Stage("lines");
        var engine = new RatingEngine(context, options);
        var rated = engine.Rate(dailyLines);
        Stage("rate");
        var billingTotals = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        var pricingTotal = 0m;
        using (var recon = CsvOutput.ToFile(inputs.ReconPath, DailyRatedUsageRecon.Headers))
        {
            recon.WriteRows(rated, static (line, cells) => DailyRatedUsageRecon.FillCells(line, cells));
            foreach (var line in rated)
            {
                pricingTotal += line.PricingPreTaxTotal;
                billingTotals[line.Account.BillingCurrency] = billingTotals.GetValueOrDefault(line.Account.BillingCurrency) + line.BillingPreTaxTotal;
            }
        }

        if (inputs.FocusPath is not null)
        {
            using var focus = CsvOutput.ToFile(inputs.FocusPath, FocusCost.Headers);
            var cells = new string?[FocusCost.Headers.Count];
            foreach (var line in rated)
            {
                FocusCost.FillCells(line, cells);
                focus.WriteRow(cells);
            }
        }

        var invoiceTotals = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        long invoiceLines = 0;
        Stage("recon");
        if (inputs.InvoiceReconPath is not null)
        {
            var lines = InvoiceReconBuilder.Build(rated, options);
            using var invoice = CsvOutput.ToFile(inputs.InvoiceReconPath, InvoiceRecon.Headers);
            invoice.WriteRows(lines, static (line, cells) => InvoiceRecon.FillCells(line, cells));
            foreach (var line in lines)
            {
                invoiceTotals[line.Currency] = invoiceTotals.GetValueOrDefault(line.Currency) + line.Total;
            }

            invoiceLines = lines.Count;
        }

        Stage("invoice recon");
        var byReason = new Dictionary<RejectReason, long>();
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            byReason[reason] = rejected[(int)reason];
        }

        return new OfflineRatingSummary
        {
            RecordsRead = read,
            Accepted = accepted,
            Duplicates = duplicates,
            RejectedByReason = byReason,
            DailyLinesWritten = rated.Count,
            InvoiceLinesWritten = invoiceLines,
            PricingPreTaxTotal = pricingTotal,
            BillingPreTaxTotals = billingTotals,
            InvoiceTotals = invoiceTotals,
            StageTimes = stages,
        };
    }
}
