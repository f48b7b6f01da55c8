using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Access;

/// <summary>Whether an assignment grants or denies.</summary>
public enum AssignmentKind
{
    Allow,
    Deny,
}

/// <summary>What kind of principal holds an assignment.</summary>
public enum PrincipalKind
{
    /// <summary>A partner tenant's AdminAgents or HelpdeskAgents group (administer on behalf of).</summary>
    ForeignGroup,

    /// <summary>A user linked to a partner by Partner Admin Link.</summary>
    User,

    /// <summary>A service principal linked to a partner by Partner Admin Link.</summary>
    ServicePrincipal,

    /// <summary>A Lighthouse delegation linked to a partner by Partner Admin Link.</summary>
    LighthouseDelegation,
}

/// <summary>
/// One Azure RBAC role assignment over a time interval <c>[StartAt, EndAt)</c> (end exclusive, null =
/// open). The history is append-only: ending an assignment sets <see cref="EndAt"/>, nothing is erased.
/// <see cref="PartnerTenantId"/> is the partner the principal stands for, which partner earned credit
/// is judged from.
/// </summary>
public sealed class RoleAssignment
{
    private RoleAssignment()
    {
        Scope = RoleName = "";
    }

    public RoleAssignment(RoleAssignmentId id, string scope, string roleName, Guid principalId, PrincipalKind principalKind,
        PartnerTenantId? partnerTenantId, AssignmentKind kind, DateTimeOffset startAt, DateTimeOffset? endAt)
    {
        Id = id;
        Scope = scope;
        RoleName = roleName;
        PrincipalId = principalId;
        PrincipalKind = principalKind;
        PartnerTenantId = partnerTenantId;
        Kind = kind;
        StartAt = startAt;
        EndAt = endAt;
    }

    public RoleAssignmentId Id { get; private set; }

    /// <summary>The ARM scope: a subscription, a resource group or a resource id.</summary>
    public string Scope { get; private set; }

    public string RoleName { get; private set; }
    public Guid PrincipalId { get; private set; }
    public PrincipalKind PrincipalKind { get; private set; }
    public PartnerTenantId? PartnerTenantId { get; private set; }
    public AssignmentKind Kind { get; private set; }
    public DateTimeOffset StartAt { get; private set; }
    public DateTimeOffset? EndAt { get; private set; }

    /// <summary>The default access of a new Azure subscription: Owner for the partner's AdminAgents group.</summary>
    public static RoleAssignment DefaultOwner(string subscriptionScope, Guid adminAgentsGroupId, PartnerTenantId partner, DateTimeOffset startAt) =>
        new(TypedId.New<RoleAssignmentId>(), subscriptionScope, "Owner", adminAgentsGroupId, PrincipalKind.ForeignGroup, partner, AssignmentKind.Allow, startAt, null);

    /// <summary>Ends the assignment at <paramref name="at"/> unless it already ended earlier.</summary>
    public void End(DateTimeOffset at)
    {
        if (EndAt is null || EndAt > at)
        {
            EndAt = at < StartAt ? StartAt : at;
        }
    }
}
