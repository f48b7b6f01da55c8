using System.Security.Claims;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Identity;

/// <summary>Reads the <see cref="Caller"/> from a validated token.</summary>
public static class CallerContext
{
    public static Caller GetCaller(this HttpContext context) => FromPrincipal(context.User)
        ?? throw new CommerceRuleException(CommerceErrors.NotAuthenticated);

    public static Caller? FromPrincipal(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true
            || !TypedId.TryParse<PartnerTenantId>(principal.FindFirst("tid")?.Value, out var partnerId)
            || !TypedId.TryParse<PrincipalId>(principal.FindFirst("oid")?.Value, out var principalId))
        {
            return null;
        }

        var isAppOnly = string.Equals(principal.FindFirst("idtyp")?.Value, "app", StringComparison.OrdinalIgnoreCase)
            || principal.FindFirst("scp") is null;
        var roles = isAppOnly ? PartnerRoles.None : PartnerRoleNames.FromNames(principal.FindAll("roles").Select(c => c.Value));
        return new Caller(partnerId, principalId, isAppOnly, roles);
    }
}
