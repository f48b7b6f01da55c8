using PlanCenter.Domain.Access;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Rating;

/// <summary>Why diagnosis could not start.</summary>
public enum PecDiagnosisProblem
{
    None,
    NotAnArmId,
    UnknownAzureSubscription,
    OtherPartner,
    NotInPlan,
}

/// <summary>
/// Partner earned credit diagnosis for a resource and UTC day, on the server's data: the account of the
/// resource's Azure subscription, the stored role assignment history and, when a meter is given (or the
/// resource had usage that day), the meter's ThirdParty/Spot flags from the price list.
/// </summary>
public sealed class PecDiagnosisService(SqliteDatabase database, ServerRating rating)
{
    /// <summary>Explains the day; <paramref name="partner"/> (when given) must be the billed partner or its reseller.</summary>
    public async Task<(PecExplanation? Explanation, PecDiagnosisProblem Problem)> ExplainAsync(string resourceUri, DateOnly day, PartnerTenantId? partner,
        MeterId? meter, CancellationToken ct, SubscriptionId? plan = null)
    {
        var head = AccessScope.SubscriptionHead(resourceUri);
        if (head.IsEmpty || !Guid.TryParse(head["/subscriptions/".Length..], out var subscription))
        {
            return (null, PecDiagnosisProblem.NotAnArmId);
        }

        var inputs = await rating.CatchUpForReadAsync(ct);
        if (!inputs.Accounts.TryGet(new AzureSubscriptionId(subscription), out var account))
        {
            return (null, PecDiagnosisProblem.UnknownAzureSubscription);
        }

        if (partner is { } p && p != account.PartnerId && p != account.ResellerTenantId)
        {
            return (null, PecDiagnosisProblem.OtherPartner);
        }

        if (plan is { } expected && expected != account.SubscriptionId)
        {
            return (null, PecDiagnosisProblem.NotInPlan);
        }

        var assignments = new List<PecAssignment>();
        await using var connection = await database.OpenAsync(ct);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT Id, Scope, RoleName, PartnerTenantId, Kind, StartAt, EndAt FROM RoleAssignments WHERE Scope LIKE $head || '%' OR Scope NOT LIKE '/subscriptions/%';";
            command.Parameters.AddWithValue("$head", "/subscriptions/" + subscription.ToString("D"));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                assignments.Add(new PecAssignment(
                    reader.GetString(0).ToLowerInvariant(), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : new PartnerTenantId(Guid.Parse(reader.GetString(3))),
                    Enum.Parse<AssignmentKind>(reader.GetString(4), ignoreCase: true),
                    new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero),
                    reader.IsDBNull(6) ? null : new DateTimeOffset(reader.GetInt64(6), TimeSpan.Zero)));
            }
        }

        var meters = new List<MeterId>();
        if (meter is { } m)
        {
            meters.Add(m);
        }
        else
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT meter_key FROM rated_usage_lines WHERE entitlement_key = $e AND usage_date = $d AND resource_key = $r;";
            command.Parameters.AddWithValue("$e", subscription.ToString("D"));
            command.Parameters.AddWithValue("$d", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$r", AccessScope.Normalize(resourceUri).ToLowerInvariant());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                meters.Add(new MeterId(Guid.Parse(reader.GetString(0))));
            }
        }

        bool thirdParty = false, spot = false;
        string? meterText = null;
        foreach (var id in meters)
        {
            if (inputs.Prices.Find(id, day, out var period) == PriceLookup.Found && period is not null)
            {
                thirdParty |= period.IsThirdParty;
                spot |= period.IsSpot;
            }

            meterText = meterText is null ? id.ToString() : meterText + "," + id;
        }

        return (PecExplanation.Explain(resourceUri, day, account.PartnerId, account.ResellerTenantId, assignments, meterText, thirdParty, spot), PecDiagnosisProblem.None);
    }
}
