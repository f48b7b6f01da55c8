using System.CommandLine;
using System.Globalization;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Commands;

/// <summary>
/// <c>pec explain --resource ARMID --date yyyy-MM-dd [--partner TENANT] [--meter GUID]</c>: whether a resource
/// earned partner earned credit on a UTC day and why not, from the instance's data (issue 5 item 4). Exit
/// code 0 when PEC was earned, 1 when it was not, 2 on bad input.
/// </summary>
public static class PecCommands
{
    public static void Add(RootCommand root, Option<string> dataDir)
    {
        var resource = new Option<string>("--resource") { Description = "ARM id of the resource.", Required = true };
        var date = new Option<string>("--date") { Description = "UTC day (yyyy-MM-dd).", Required = true };
        var partner = new Option<Guid?>("--partner") { Description = "Partner tenant asking (must be the billed partner or its reseller of record)." };
        var meter = new Option<Guid?>("--meter") { Description = "Meter to check for ThirdParty/Spot (default: the meters the resource used that day)." };
        var explain = new Command("explain", "Explain whether a resource earned PEC on a UTC day: assignments, partial days, roles, partners, denies, meter.")
        {
            resource, date, partner, meter, dataDir,
        };
        explain.SetAction(async (parse, ct) =>
        {
            var dateText = parse.GetValue(date)!;
            if (!UtcText.TryParseDate(dateText, out var day))
            {
                await Console.Error.WriteLineAsync($"plancenter: --date '{dateText}' is not yyyy-MM-dd.");
                return 2;
            }

            await using var app = await OfflineHost.OpenAsync(parse.GetValue(dataDir)!, seedDemo: false, ct);
            var service = app.Services.GetRequiredService<PecDiagnosisService>();
            var partnerId = parse.GetValue(partner) is { } p ? new PartnerTenantId(p) : (PartnerTenantId?)null;
            var meterId = parse.GetValue(meter) is { } m ? new MeterId(m) : (MeterId?)null;
            var (explanation, problem) = await service.ExplainAsync(parse.GetValue(resource)!, day, partnerId, meterId, ct);
            if (explanation is null)
            {
                await Console.Error.WriteLineAsync("plancenter: " + problem switch
                {
                    PecDiagnosisProblem.NotAnArmId => "--resource must be an ARM id starting /subscriptions/{id}.",
                    PecDiagnosisProblem.UnknownAzureSubscription => "the resource's Azure subscription is not known to this instance.",
                    _ => "the resource's Azure subscription is billed to another partner.",
                });
                return 2;
            }

            Console.Write(Render(explanation));
            return explanation.EarnsPec ? 0 : 1;
        });
        root.Subcommands.Add(new Command("pec", "Partner earned credit.") { explain });
    }

    /// <summary>The human report of a diagnosis.</summary>
    public static string Render(PecExplanation e)
    {
        var text = new System.Text.StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var reseller = e.ResellerTenantId is { } r ? ", reseller " + r : "";
        text.AppendLine(inv, $"{e.ResourceUri} on {e.Day:yyyy-MM-dd} (UTC), billed partner {e.PartnerId}{reseller}");
        text.AppendLine(e.EarnsPec ? "PEC earned: yes" : "PEC earned: NO");
        if (e.MeterId is not null)
        {
            text.AppendLine(inv, $"meter {e.MeterId}: {(e.MeterIsThirdParty ? "ThirdParty" : e.MeterIsSpot ? "Spot" : "eligible")}");
        }

        text.AppendLine(inv, $"assignments covering the resource that day: {e.Assignments.Count}");
        foreach (var v in e.Assignments)
        {
            var a = v.Assignment;
            var holder = a.PartnerTenantId?.ToString() ?? "(no partner)";
            var to = v.CoveredTo == UtcText.StartOfDay(e.Day).AddDays(1) ? "24:00:00" : v.CoveredTo.ToString("HH:mm:ss", inv);
            var findings = string.Join(", ", v.Findings);
            text.AppendLine(inv, $"  {a.Kind} {a.Id} '{a.RoleName}' at {a.Scope} for {holder}: {v.CoveredFrom:HH:mm:ss}-{to} {findings}");
        }

        foreach (var (from, to) in e.UncoveredParts)
        {
            text.AppendLine(inv, $"  uncovered {from:yyyy-MM-ddTHH:mm:ssZ} - {to:yyyy-MM-ddTHH:mm:ssZ}");
        }

        foreach (var reason in e.Reasons)
        {
            text.AppendLine("why not: " + reason);
        }

        return text.ToString();
    }
}
