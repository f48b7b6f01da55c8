using PlanCenter.Api.Endpoints;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Access;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Azure;

/// <summary>ARM body of a role or deny assignment PUT.</summary>
public sealed record AssignmentBodyDto(AssignmentPropertiesDto? Properties);

/// <summary>
/// ARM's <c>roleDefinitionId</c> (or PlanCenter's <c>roleName</c>), <c>principalId</c>, <c>principalType</c>;
/// PlanCenter's <c>partnerTenantId</c> (the partner the principal stands for by AOBO or Partner Admin Link;
/// for a deny, the partner denied, absent = everyone) and the PIM window <c>startDateTime</c>/<c>endDateTime</c>.
/// </summary>
public sealed record AssignmentPropertiesDto(string? RoleDefinitionId, string? RoleName, string? PrincipalId, string? PrincipalType,
    string? PartnerTenantId, DateTimeOffset? StartDateTime, DateTimeOffset? EndDateTime, string? DenyAssignmentName);

/// <summary>
/// The ARM authorization side under <c>/subscriptions/{id}[/resourceGroups/{rg}[/providers/…]]/providers/Microsoft.Authorization/</c>:
/// <c>roleAssignments/{guid}</c> and <c>denyAssignments/{guid}</c> (PUT, GET, DELETE = end now), their lists
/// with <c>atTime</c> (the history at a past instant) and <c>$filter=atScope()</c>, and the resources seen
/// under a subscription (<c>/subscriptions/{id}/resources</c>).
/// </summary>
public static class RoleAssignmentEndpoints
{
    /// <summary>Built-in role definition ids (the same in every Azure tenant).</summary>
    private static readonly Dictionary<string, Guid> BuiltInRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Owner"] = Guid.Parse("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
        ["Contributor"] = Guid.Parse("b24988ac-6180-42a0-ab88-20f7382dd24c"),
        ["Reader"] = Guid.Parse("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
        ["User Access Administrator"] = Guid.Parse("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
    };

    private sealed record Target(string Scope, AssignmentKind Kind, RoleAssignmentId? Id, bool Resources);

    public static IEndpointRouteBuilder MapRoleAssignments(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/subscriptions/{subscriptionId}/{**rest}", ["GET", "PUT", "DELETE"], HandleAsync).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> HandleAsync(string subscriptionId, string? rest, HttpContext http, AccessUseCases access, CancellationToken ct)
    {
        var target = Parse(subscriptionId, rest ?? "");
        var caller = http.GetCaller();
        var method = http.Request.Method;
        if (target.Resources)
        {
            if (!HttpMethods.IsGet(method))
            {
                throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription("Resources are recorded from usage and assignments; they can only be read."));
            }

            var resources = await access.ListResourcesAsync(caller, target.Scope, ct);
            return Results.Ok(new { value = resources.Select(r => new { id = r.ArmId, type = r.Kind, resourceGroup = r.ResourceGroup, firstSeen = r.FirstSeen, source = r.Source }) });
        }

        if (target.Id is not { } id)
        {
            if (!HttpMethods.IsGet(method))
            {
                throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription($"No route matches {method} {http.Request.Path}."));
            }

            DateTimeOffset? at = null;
            if (http.Request.Query["atTime"].FirstOrDefault() is { Length: > 0 } atText)
            {
                at = UtcText.TryParseInstant(atText, out var parsed) ? parsed : throw ApiFaultException.InvalidField("atTime", $"'{atText}' is not an ISO-8601 time.");
            }

            var atScope = http.Request.Query["$filter"].FirstOrDefault()?.Trim().Equals("atScope()", StringComparison.OrdinalIgnoreCase) == true;
            var list = await access.ListAsync(caller, target.Scope, target.Kind, at, atScope, ct);
            return Results.Ok(new { value = list.Select(Wire) });
        }

        if (HttpMethods.IsGet(method))
        {
            return Results.Ok(Wire(await access.GetAsync(caller, target.Scope, id, target.Kind, ct)));
        }

        if (HttpMethods.IsDelete(method))
        {
            var ended = await access.DeleteAsync(caller, target.Scope, id, target.Kind, ct);
            return ended is null ? Results.NoContent() : Results.Ok(Wire(ended));
        }

        var body = await http.Request.ReadFromJsonAsync<AssignmentBodyDto>(ct);
        var request = ToRequest(target, WireInput.Body(body).Properties ?? throw ApiFaultException.InvalidField("properties", "is required."));
        var (assignment, created) = await access.PutAsync(caller, target.Scope, id, request, ct);
        return created ? Results.Created(IdOf(assignment), Wire(assignment)) : Results.Ok(Wire(assignment));
    }

    private static Target Parse(string subscriptionId, string rest)
    {
        var segments = rest.Trim('/').Split('/', StringSplitOptions.None);
        var at = -1;
        for (var i = 0; i + 2 < segments.Length; i++)
        {
            if (segments[i].Equals("providers", StringComparison.OrdinalIgnoreCase) && segments[i + 1].Equals("Microsoft.Authorization", StringComparison.OrdinalIgnoreCase))
            {
                at = i;
                break;
            }
        }

        var subscriptionScope = "/subscriptions/" + subscriptionId;
        if (at < 0)
        {
            if (segments is [var only] && only.Equals("resources", StringComparison.OrdinalIgnoreCase))
            {
                return new Target(subscriptionScope, AssignmentKind.Allow, null, Resources: true);
            }

            throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription($"No route matches /subscriptions/{subscriptionId}/{rest}."));
        }

        var scope = at == 0 ? subscriptionScope : subscriptionScope + "/" + string.Join('/', segments[..at]);
        var collection = segments[at + 2];
        var kind = collection.Equals("roleAssignments", StringComparison.OrdinalIgnoreCase) ? AssignmentKind.Allow
            : collection.Equals("denyAssignments", StringComparison.OrdinalIgnoreCase) ? AssignmentKind.Deny
            : throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription($"Microsoft.Authorization/{collection} is not supported."));
        if (!ArmId.TryParseScope(scope, out _, out _, out var problem))
        {
            throw ApiFaultException.InvalidField("scope", $"'{scope}' {problem}.");
        }

        return segments.Length switch
        {
            var n when n == at + 3 => new Target(scope, kind, null, false),
            var n when n == at + 4 => new Target(scope, kind, WireInput.Id<RoleAssignmentId>(segments[at + 3], "name"), false),
            _ => throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription($"No route matches /subscriptions/{subscriptionId}/{rest}.")),
        };
    }

    private static AssignmentRequest ToRequest(Target target, AssignmentPropertiesDto p)
    {
        PartnerTenantId? partner = string.IsNullOrWhiteSpace(p.PartnerTenantId) ? null : WireInput.Id<PartnerTenantId>(p.PartnerTenantId, "properties.partnerTenantId");
        var principal = string.IsNullOrWhiteSpace(p.PrincipalId) ? Guid.Empty : WireInput.Id<PrincipalId>(p.PrincipalId, "properties.principalId").Value;
        var principalKind = string.IsNullOrWhiteSpace(p.PrincipalType) ? PrincipalKind.User
            : Enum.TryParse<PrincipalKind>(p.PrincipalType.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
            : throw ApiFaultException.InvalidField("properties.principalType", $"'{p.PrincipalType}' is not ForeignGroup, User, ServicePrincipal or LighthouseDelegation.");
        if (target.Kind == AssignmentKind.Deny)
        {
            return new AssignmentRequest(AssignmentKind.Deny, string.IsNullOrWhiteSpace(p.DenyAssignmentName) ? "Deny" : p.DenyAssignmentName.Trim(), principal,
                principalKind, partner, p.StartDateTime, p.EndDateTime);
        }

        if (principal == Guid.Empty)
        {
            throw ApiFaultException.InvalidField("properties.principalId", "is required.");
        }

        return new AssignmentRequest(AssignmentKind.Allow, RoleName(p), principal, principalKind, partner, p.StartDateTime, p.EndDateTime);
    }

    private static string RoleName(AssignmentPropertiesDto p)
    {
        if (!string.IsNullOrWhiteSpace(p.RoleName))
        {
            return p.RoleName.Trim();
        }

        var definition = WireInput.Required(p.RoleDefinitionId, "properties.roleDefinitionId");
        var last = definition.TrimEnd('/').Split('/')[^1];
        if (Guid.TryParse(last, out var guid) && BuiltInRoles.FirstOrDefault(r => r.Value == guid) is { Key: { } name })
        {
            return name;
        }

        throw ApiFaultException.InvalidField("properties.roleDefinitionId", $"'{definition}' is not a built-in role PlanCenter knows (Owner, Contributor, Reader, User Access Administrator); give properties.roleName instead.");
    }

    private static string IdOf(RoleAssignment a) =>
        $"{a.Scope}/providers/Microsoft.Authorization/{(a.Kind == AssignmentKind.Deny ? "denyAssignments" : "roleAssignments")}/{a.Id}";

    private static object Wire(RoleAssignment a) => new
    {
        id = IdOf(a),
        type = a.Kind == AssignmentKind.Deny ? "Microsoft.Authorization/denyAssignments" : "Microsoft.Authorization/roleAssignments",
        name = a.Id.ToString(),
        properties = new
        {
            roleDefinitionId = a.Kind == AssignmentKind.Allow && BuiltInRoles.TryGetValue(a.RoleName, out var definition)
                ? $"{AccessScope.SubscriptionHead(a.Scope)}/providers/Microsoft.Authorization/roleDefinitions/{definition}"
                : null,
            roleName = a.Kind == AssignmentKind.Allow ? a.RoleName : null,
            denyAssignmentName = a.Kind == AssignmentKind.Deny ? a.RoleName : null,
            principalId = a.PrincipalId.ToString(),
            principalType = a.PrincipalKind.ToString(),
            scope = a.Scope,
            partnerTenantId = a.PartnerTenantId?.ToString(),
            startDateTime = a.StartAt,
            endDateTime = a.EndAt,
            pecEligibleRole = a.Kind == AssignmentKind.Allow && PecEligibleRoles.IsEligible(a.RoleName),
        },
    };
}
