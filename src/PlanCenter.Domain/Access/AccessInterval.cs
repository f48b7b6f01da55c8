using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Access;

/// <summary>
/// A role assignment reduced to what rating needs (billing-rules §1.4): the ARM <see cref="Scope"/>
/// (without a trailing <c>/</c>), whether the role is PEC-eligible, the partner the principal stands for
/// (null = no partner; for a Deny, null denies everyone), the kind, and the UTC interval
/// <c>[StartAt, EndAtExcl)</c>, <see cref="EndAtExcl"/> null when open.
/// </summary>
public readonly record struct AccessInterval(
    string Scope,
    bool IsEligibleRole,
    PartnerTenantId? PartnerTenantId,
    AssignmentKind Kind,
    DateTimeOffset StartAt,
    DateTimeOffset? EndAtExcl)
{
    /// <summary>Reduces a stored <see cref="RoleAssignment"/>.</summary>
    public static AccessInterval From(RoleAssignment assignment) =>
        new(AccessScope.Normalize(assignment.Scope), PecEligibleRoles.IsEligible(assignment.RoleName), assignment.PartnerTenantId,
            assignment.Kind, assignment.StartAt, assignment.EndAt);

    /// <summary>True when the scope covers <paramref name="resourceUri"/> (<see cref="AccessScope.Covers"/>).</summary>
    public bool Covers(ReadOnlySpan<char> resourceUri) => AccessScope.Covers(Scope, resourceUri);
}
