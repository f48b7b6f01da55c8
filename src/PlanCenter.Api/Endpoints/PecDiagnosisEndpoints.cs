using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Api.Endpoints;

/// <summary>One assignment in a PEC diagnosis.</summary>
public sealed record PecAssignmentDto(string Id, string Kind, string Scope, string RoleName, bool EligibleRole, string? PartnerTenantId,
    DateTimeOffset StartDateTime, DateTimeOffset? EndDateTime, DateTimeOffset CoveredFrom, DateTimeOffset CoveredTo, bool Qualifies,
    IReadOnlyList<string> Findings);

/// <summary>A part of the UTC day no qualifying assignment covers.</summary>
public sealed record PecGapDto(DateTimeOffset From, DateTimeOffset To);

/// <summary>The answer of <c>GET .../pecdiagnosis</c>.</summary>
public sealed record PecDiagnosisDto(string ResourceUri, string Date, string PartnerId, string? ResellerTenantId, bool EarnsPartnerEarnedCredit,
    bool AccessQualifies, string? MeterId, bool MeterIsThirdParty, bool MeterIsSpot, IReadOnlyList<PecAssignmentDto> Assignments,
    IReadOnlyList<PecGapDto> UncoveredParts, IReadOnlyList<string> Reasons)
{
    public static PecDiagnosisDto From(PecExplanation e) => new(
        e.ResourceUri, e.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), e.PartnerId.ToString(),
        e.ResellerTenantId?.ToString(), e.EarnsPec, e.AccessQualifies, e.MeterId, e.MeterIsThirdParty, e.MeterIsSpot,
        [.. e.Assignments.Select(v => new PecAssignmentDto(v.Assignment.Id, v.Assignment.Kind.ToString(), v.Assignment.Scope, v.Assignment.RoleName,
            PecEligibleRoles.IsEligible(v.Assignment.RoleName), v.Assignment.PartnerTenantId?.ToString(), v.Assignment.StartAt, v.Assignment.EndAtExcl,
            v.CoveredFrom, v.CoveredTo, v.Qualifies, [.. v.Findings.Select(f => f.ToString())]))],
        [.. e.UncoveredParts.Select(g => new PecGapDto(g.From, g.To))],
        e.Reasons);
}

/// <summary>
/// Partner earned credit diagnosis (issue 5 item 4; Partner Center has none):
/// <c>GET /v1/customers/{customerId}/subscriptions/{planId}/pecdiagnosis?resourceUri=ARMID&amp;date=yyyy-MM-dd[&amp;meterId=GUID]</c>.
/// </summary>
public static class PecDiagnosisEndpoints
{
    public static RouteGroupBuilder MapPecDiagnosis(this RouteGroupBuilder v1)
    {
        v1.MapGet("/customers/{customerId}/subscriptions/{planId}/pecdiagnosis", async (string customerId, string planId, HttpContext http,
            ICommerceStore store, PecDiagnosisService diagnosis, CancellationToken ct) =>
        {
            var caller = http.GetCaller();
            PermissionMatrix.Demand(caller, PartnerOperation.ReadDailyRatedUsage);
            var customer = WireInput.Id<CustomerId>(customerId, "customerId");
            var plan = WireInput.Id<SubscriptionId>(planId, "subscriptionId");
            var query = http.Request.Query;
            var resource = WireInput.Required(query["resourceUri"].FirstOrDefault(), "resourceUri");
            var dateText = WireInput.Required(query["date"].FirstOrDefault(), "date");
            if (!UtcText.TryParseDate(dateText, out var day))
            {
                throw ApiFaultException.InvalidField("date", $"'{dateText}' is not a date (yyyy-MM-dd).");
            }

            MeterId? meter = null;
            var meterText = query["meterId"].FirstOrDefault();
            if (!string.IsNullOrEmpty(meterText))
            {
                meter = Guid.TryParse(meterText, out var m) ? new MeterId(m) : throw ApiFaultException.InvalidField("meterId", $"'{meterText}' is not a GUID.");
            }

            if (await store.FindPlanAsync(caller.PartnerId, customer, plan, ct) is null)
            {
                throw new ApiFaultException(CommerceErrors.NotFound.WithDescription($"Subscription '{planId}' of customer '{customerId}' was not found."));
            }

            var (explanation, problem) = await diagnosis.ExplainAsync(resource, day, caller.PartnerId, meter, ct, plan);
            return problem switch
            {
                PecDiagnosisProblem.None => TypedResults.Ok(PecDiagnosisDto.From(explanation!)),
                PecDiagnosisProblem.NotAnArmId => throw ApiFaultException.InvalidField("resourceUri", "must be an ARM id starting /subscriptions/{id}."),
                _ => throw new ApiFaultException(CommerceErrors.NotFound.WithDescription($"The resource's Azure subscription is not part of subscription '{planId}'.")),
            };
        });
        return v1;
    }
}
