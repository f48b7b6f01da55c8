using System.CommandLine;
using System.Globalization;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Primitives;
using PlanCenter.Rating.Files;
using Spectre.Console;

namespace PlanCenter.Commands;

/// <summary>
/// <c>plancenter rate</c>: re-rates usage offline from files, as partners do to check Microsoft's bills.
/// Exit code 0 on success, 2 when an input file is broken (with its file, line and reason).
/// </summary>
public static class RateCommand
{
    public static void Add(RootCommand root)
    {
        var prices = new Option<FileInfo>("--prices") { Description = "Consumption price list CSV (billing-rules §1.1).", Required = true };
        var fx = new Option<FileInfo?>("--fx") { Description = "Exchange rates CSV: CurrencyCode,USDPerUnit,Month (without it only USD billing rates)." };
        var usage = new Option<FileInfo[]>("--usage") { Description = "Usage file(s): CSV, .csv.gz, .jsonl or .jsonl.gz, read in the order given.", Required = true, AllowMultipleArgumentsPerToken = true };
        var access = new Option<FileInfo?>("--access") { Description = "Role assignment history CSV (without it nothing earns partner earned credit)." };
        var accounts = new Option<FileInfo>("--accounts") { Description = "Accounts CSV: who is billed for each Azure subscription.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Daily-rated usage recon CSV to write (55 columns).", Required = true };
        var invoiceOut = new Option<FileInfo?>("--invoice-out") { Description = "Invoice recon CSV to write (grouped per billing-rules §4)." };
        var focusOut = new Option<FileInfo?>("--focus-out") { Description = "FinOps FOCUS 1.2 cost-and-usage CSV of the daily-rated lines to write." };
        var rejects = new Option<FileInfo?>("--rejects") { Description = "Rejected records CSV to write: UsageRecordId,Reason,Detail." };
        var pecRate = new Option<decimal>("--pec-rate") { Description = "Partner earned credit rate as a fraction.", DefaultValueFactory = _ => new RatingOptions().PecRate };

        var command = new Command("rate", "Rate usage offline into Partner Center's daily-rated and invoice reconciliation files.")
        {
            prices, fx, usage, access, accounts, output, invoiceOut, focusOut, rejects, pecRate,
        };
        command.SetAction(parse =>
        {
            var inputs = new OfflineRatingInputs
            {
                PricesPath = parse.GetValue(prices)!.FullName,
                ExchangeRatesPath = parse.GetValue(fx)?.FullName,
                UsagePaths = [.. parse.GetValue(usage)!.Select(f => f.FullName)],
                AccessPath = parse.GetValue(access)?.FullName,
                AccountsPath = parse.GetValue(accounts)!.FullName,
                ReconPath = parse.GetValue(output)!.FullName,
                InvoiceReconPath = parse.GetValue(invoiceOut)?.FullName,
                RejectsPath = parse.GetValue(rejects)?.FullName,
                FocusPath = parse.GetValue(focusOut)?.FullName,
            };
            var rate = parse.GetValue(pecRate);
            if (rate is < 0m or > 1m)
            {
                Console.Error.WriteLine($"plancenter rate: --pec-rate {rate.ToString(CultureInfo.InvariantCulture)} is not a fraction between 0 and 1.");
                return 2;
            }

            return Run(inputs, new RatingOptions { PecRate = rate });
        });
        root.Subcommands.Add(command);
    }

    /// <summary>Runs the rating, printing progress on a terminal and the summary; returns the exit code.</summary>
    public static int Run(OfflineRatingInputs inputs, RatingOptions options)
    {
        var missing = inputs.UsagePaths.Append(inputs.PricesPath).Append(inputs.AccountsPath)
            .Concat(new[] { inputs.ExchangeRatesPath, inputs.AccessPath }.OfType<string>())
            .FirstOrDefault(path => !File.Exists(path));
        if (missing is not null)
        {
            Console.Error.WriteLine($"plancenter rate: {missing}: file not found");
            return 2;
        }

        OfflineRatingSummary summary;
        try
        {
            summary = Console.IsOutputRedirected || Console.IsErrorRedirected
                ? OfflineRating.Run(inputs, options)
                : RunWithProgress(inputs, options);
        }
        catch (InputFileException e)
        {
            Console.Error.WriteLine($"plancenter rate: {e.File}:{e.LineNumber}: {(e.Column is null ? "" : e.Column + ": ")}{e.Reason}");
            return 2;
        }

        PrintSummary(summary);
        return 0;
    }

    private static OfflineRatingSummary RunWithProgress(OfflineRatingInputs inputs, RatingOptions options) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("reading usage").IsIndeterminate();
                var progress = new Progress<long>(records => task.Description = $"rated {records:N0} records");
                var result = OfflineRating.Run(inputs, options, progress);
                task.Description = $"rated {result.RecordsRead:N0} records";
                task.StopTask();
                return result;
            });

    private static void PrintSummary(OfflineRatingSummary summary)
    {
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine($"records read      {summary.RecordsRead.ToString(invariant)}");
        Console.WriteLine($"accepted          {summary.Accepted.ToString(invariant)}");
        Console.WriteLine($"duplicates        {summary.Duplicates.ToString(invariant)}");
        Console.WriteLine($"rejected          {summary.Rejected.ToString(invariant)}");
        foreach (var (reason, count) in summary.RejectedByReason.Where(r => r.Value > 0).OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
        {
            Console.WriteLine($"  {reason,-24}  {count.ToString(invariant)}");
        }

        Console.WriteLine($"daily lines       {summary.DailyLinesWritten.ToString(invariant)}");
        Console.WriteLine($"invoice lines     {summary.InvoiceLinesWritten.ToString(invariant)}");
        Console.WriteLine($"pricing total USD {DecimalText.Format(summary.PricingPreTaxTotal)}");
        foreach (var (currency, total) in summary.BillingPreTaxTotals.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var invoiced = summary.InvoiceTotals.TryGetValue(currency, out var invoice) ? $"   invoice total {DecimalText.Format(invoice)}" : "";
            Console.WriteLine($"billing total {currency} {DecimalText.Format(total)}{invoiced}");
        }
    }
}
