using PlanCenter.Application.Abstractions;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Access;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Access;

/// <summary>What a PUT of a role or deny assignment asks for.</summary>
/// <param name="Kind">Allow (role assignment) or Deny.</param>
/// <param name="RoleName">The RBAC role (for a deny, a label).</param>
/// <param name="PrincipalId">The principal's object id.</param>
/// <param name="PrincipalKind">ForeignGroup (AOBO), User or ServicePrincipal (with PAL), LighthouseDelegation.</param>
/// <param name="PartnerTenantId">The partner the principal stands for; for a deny, the partner denied (null = everyone).</param>
/// <param name="Start">PIM start (null = now).</param>
/// <param name="End">PIM end, exclusive (null = open).</param>
public sealed record AssignmentRequest(AssignmentKind Kind, string RoleName, Guid PrincipalId, PrincipalKind PrincipalKind,
    PartnerTenantId? PartnerTenantId, DateTimeOffset? Start, DateTimeOffset? End);

/// <summary>
/// The append-only role and deny assignment history of Azure subscriptions (domain.md §6.2). Only the
/// partner owning the Azure subscription sees or writes it; any other caller gets 404. Deleting ends an
/// assignment at the clock's now; nothing is ever erased.
/// </summary>
public sealed class AccessUseCases(ICommerceStore store, IResourceRegistry resources, TimeProvider clock)
{
    public async Task<(RoleAssignment Assignment, bool Created)> PutAsync(Caller caller, string scope, RoleAssignmentId id, AssignmentRequest request, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ManageAccess);
        var subscription = await OwnedSubscriptionAsync(caller, scope, ct);
        var partner = (await store.FindPartnerAsync(caller.PartnerId, ct)).OrThrow(CommerceErrors.AccessDenied);
        var now = clock.GetUtcNow();
        var standsFor = request.PartnerTenantId;
        if (standsFor is null && request.Kind == AssignmentKind.Allow && request.PrincipalKind == PrincipalKind.ForeignGroup
            && (request.PrincipalId == partner.AdminAgentsGroupId || request.PrincipalId == partner.HelpdeskAgentsGroupId))
        {
            standsFor = partner.Id;
        }

        var start = request.Start ?? now;
        if (request.End is { } end && end <= start)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription("properties.endDateTime must be after the start."));
        }

        var existing = (await store.ListRoleAssignmentsAsync(subscription.ArmId, ct)).FirstOrDefault(a => a.Id == id);
        if (existing is not null)
        {
            var same = existing.Kind == request.Kind && AccessScope.Covers(existing.Scope, scope) && AccessScope.Covers(scope, existing.Scope)
                && string.Equals(existing.RoleName, request.RoleName, StringComparison.OrdinalIgnoreCase) && existing.PrincipalId == request.PrincipalId
                && existing.PartnerTenantId == standsFor && (existing.EndAt is null || existing.EndAt > now);
            return same
                ? (existing, false)
                : throw new CommerceRuleException(new CommerceError("RoleAssignmentExists",
                    "An assignment with this name exists with other properties or has been deleted; assignments are never changed, use a new name.", ErrorKind.Conflict));
        }

        var assignment = new RoleAssignment(id, AccessScope.Normalize(scope), request.RoleName, request.PrincipalId, request.PrincipalKind, standsFor,
            request.Kind, start, request.End);
        store.Add(assignment);
        await store.SaveChangesAsync(ct);
        await resources.RecordAsync([scope], "access", now, ct);
        return (assignment, true);
    }

    /// <summary>Ends the assignment now; null when no such assignment exists at the scope (ARM answers 204).</summary>
    public async Task<RoleAssignment?> DeleteAsync(Caller caller, string scope, RoleAssignmentId id, AssignmentKind kind, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ManageAccess);
        var subscription = await OwnedSubscriptionAsync(caller, scope, ct);
        var existing = (await store.ListRoleAssignmentsAsync(subscription.ArmId, ct)).FirstOrDefault(a => a.Id == id && a.Kind == kind);
        if (existing is null || !AccessScope.Covers(existing.Scope, scope) || !AccessScope.Covers(scope, existing.Scope))
        {
            return null;
        }

        existing.End(clock.GetUtcNow());
        await store.SaveChangesAsync(ct);
        return existing;
    }

    /// <summary>
    /// The assignments of <paramref name="kind"/> in force at <paramref name="at"/> (default now) that apply at
    /// <paramref name="scope"/>: at it or above it (inherited), and, unless <paramref name="atScopeOnly"/>, below it.
    /// </summary>
    public async Task<IReadOnlyList<RoleAssignment>> ListAsync(Caller caller, string scope, AssignmentKind kind, DateTimeOffset? at, bool atScopeOnly, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadSubscriptions);
        var subscription = await OwnedSubscriptionAsync(caller, scope, ct);
        var instant = at ?? clock.GetUtcNow();
        return [.. (await store.ListRoleAssignmentsAsync(subscription.ArmId, ct))
            .Where(a => a.Kind == kind && a.StartAt <= instant && (a.EndAt is null || a.EndAt > instant))
            .Where(a => AccessScope.Covers(a.Scope, scope) || (!atScopeOnly && AccessScope.Covers(scope, a.Scope)))
            .OrderBy(a => a.StartAt).ThenBy(a => a.Id.Value)];
    }

    public async Task<RoleAssignment> GetAsync(Caller caller, string scope, RoleAssignmentId id, AssignmentKind kind, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadSubscriptions);
        var subscription = await OwnedSubscriptionAsync(caller, scope, ct);
        var found = (await store.ListRoleAssignmentsAsync(subscription.ArmId, ct)).FirstOrDefault(a => a.Id == id && a.Kind == kind);
        return found is not null && AccessScope.Covers(found.Scope, scope) && AccessScope.Covers(scope, found.Scope)
            ? found
            : throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription($"No assignment {id} at {scope}."));
    }

    public async Task<IReadOnlyList<AzureResource>> ListResourcesAsync(Caller caller, string scope, CancellationToken ct)
    {
        PermissionMatrix.Demand(caller, PartnerOperation.ReadSubscriptions);
        var subscription = await OwnedSubscriptionAsync(caller, scope, ct);
        return await resources.ListAsync(subscription.Id.Value, ct);
    }

    private async Task<AzureSubscription> OwnedSubscriptionAsync(Caller caller, string scope, CancellationToken ct)
    {
        if (!ArmId.TryParseScope(scope, out var subscriptionId, out _, out var problem))
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"scope '{scope}' {problem}."));
        }

        return await store.FindAzureSubscriptionAsync(caller.PartnerId, new AzureSubscriptionId(subscriptionId), ct)
            ?? throw new CommerceRuleException(CommerceErrors.EntitlementNotFound.WithDescription($"The Azure subscription {subscriptionId} was not found."));
    }
}
