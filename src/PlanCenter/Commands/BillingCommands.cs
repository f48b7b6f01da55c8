using System.CommandLine;
using System.Globalization;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Storage.Billing;

namespace PlanCenter.Commands;

/// <summary>
/// <c>close --period yyyy-MM</c>: closes a billing period now (and the open periods before it) into G
/// invoices, as the server's scheduler does at the grace time (issue 6). Closing a closed period does
/// nothing; a period whose close time has not come, or a malformed period, exits 2.
/// </summary>
public static class BillingCommands
{
    public static void Add(RootCommand root, Option<string> dataDir)
    {
        var period = new Option<string>("--period") { Description = "Billing period to close (yyyy-MM).", Required = true };
        var close = new Command("close", "Close a billing period into invoices (one per partner and billing currency).") { period, dataDir };
        close.SetAction(async (parse, ct) =>
        {
            var text = parse.GetValue(period)!;
            if (!BillingCalendar.TryParsePeriod(text, out var month))
            {
                await Console.Error.WriteLineAsync($"plancenter: --period '{text}' is not a billing period written yyyy-MM.");
                return 2;
            }

            return await OfflineHost.RunAsync(parse.GetValue(dataDir)!, seedDemo: false, async services =>
            {
                var results = await services.GetRequiredService<PeriodClose>().CloseThroughAsync(month, ct);
                foreach (var result in results)
                {
                    Console.WriteLine(Render(result));
                }
            }, ct);
        });
        root.Subcommands.Add(close);
    }

    /// <summary>The report of one period's close.</summary>
    public static string Render(PeriodCloseResult result)
    {
        var period = BillingCalendar.Format(result.Period);
        if (result.AlreadyClosed)
        {
            return $"{period}: already closed; nothing changed.";
        }

        var text = new System.Text.StringBuilder(
            $"{period}: closed, {result.Invoices.Count} invoice(s), {result.UsageLines.ToString("N0", CultureInfo.InvariantCulture)} daily-rated line(s).");
        foreach (var invoice in result.Invoices)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n  {invoice.Id}  partner {invoice.Partner}  {invoice.Currency} {invoice.Total:N2}  ({invoice.ReconLines} recon lines, {invoice.UsageLines} daily lines)");
        }

        return text.ToString();
    }
}
