using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Partners;

/// <summary>
/// Who is calling: a partner tenant, acting either as an application alone (app-only) or as an
/// application on behalf of a signed-in user (app+user) holding <see cref="Roles"/>.
/// </summary>
/// <param name="PartnerId">The partner tenant the token was issued for.</param>
/// <param name="PrincipalId">The user's object id, or the application's for app-only callers.</param>
/// <param name="IsAppOnly">True for client-credentials tokens, which carry no user and no roles.</param>
/// <param name="Roles">The user's roles; <see cref="PartnerRoles.None"/> for app-only callers.</param>
public sealed record Caller(PartnerTenantId PartnerId, PrincipalId PrincipalId, bool IsAppOnly, PartnerRoles Roles);
