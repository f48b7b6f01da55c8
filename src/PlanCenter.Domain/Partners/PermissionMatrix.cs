using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Partners;

/// <summary>
/// Who may do what (domain.md §1.3). A rule is a list of alternatives, each a set of roles the user must
/// hold <em>all</em> of (cancel and reactivate need Global admin <em>and</em> Admin agent); plus whether an
/// app-only token is accepted. App-only callers act for the whole partner, so they pass every role check
/// of an operation that accepts them. Decisions on rows the matrix leaves open are in docs/permissions.md.
/// </summary>
public static class PermissionMatrix
{
    private const PartnerRoles GA = PartnerRoles.GlobalAdmin;
    private const PartnerRoles AA = PartnerRoles.AdminAgent;
    private const PartnerRoles SA = PartnerRoles.SalesAgent;
    private const PartnerRoles BA = PartnerRoles.BillingAdmin;
    private const PartnerRoles HA = PartnerRoles.HelpdeskAgent;

    private sealed record Rule(bool AllowsAppOnly, PartnerRoles[] Alternatives);

    private static Rule AnyOf(bool appOnly, params PartnerRoles[] roles) => new(appOnly, roles);

    private static readonly Dictionary<PartnerOperation, Rule> Rules = new()
    {
        [PartnerOperation.ReadCustomers] = AnyOf(true, GA, AA, SA, BA, HA),
        [PartnerOperation.CreateCustomer] = AnyOf(true, GA, AA, SA),
        [PartnerOperation.UpdateCustomerBillingProfile] = AnyOf(true, GA, AA, SA),
        [PartnerOperation.RemoveRelationship] = AnyOf(false, GA),
        [PartnerOperation.RequestRelationship] = AnyOf(false, AA, SA),
        // The current page names Admin agent and Sales agent; Global admin holds every company right.
        [PartnerOperation.AttestCustomerAgreement] = AnyOf(false, GA, AA, SA),
        [PartnerOperation.ReadAgreements] = AnyOf(true, GA, AA, SA, BA, HA),
        [PartnerOperation.ReadCatalog] = AnyOf(true, GA, AA, SA, BA, HA),
        // [CONFLICT] resolved by domain.md's recommendation: GA, AA, SA.
        [PartnerOperation.PurchaseAzurePlan] = AnyOf(true, GA, AA, SA),
        [PartnerOperation.ReadOrders] = AnyOf(true, GA, AA, SA, BA, HA),
        [PartnerOperation.ReadSubscriptions] = AnyOf(true, GA, AA, SA, BA, HA),
        [PartnerOperation.UpdateAzurePlan] = AnyOf(true, AA, SA),
        [PartnerOperation.CreateAzureSubscription] = AnyOf(true, GA, AA),
        [PartnerOperation.CancelAzureSubscription] = AnyOf(true, GA | AA),
        [PartnerOperation.ReactivateAzureSubscription] = AnyOf(true, GA | AA),
        [PartnerOperation.ReadPriceSheet] = AnyOf(false, GA, AA, SA),
        // PlanCenter's own operator route (price list and FX imports): Global admins, signed in as users.
        [PartnerOperation.ImportPriceList] = AnyOf(false, GA),
        [PartnerOperation.ReadInvoices] = AnyOf(true, GA, AA, BA),
        [PartnerOperation.ReadDailyRatedUsage] = AnyOf(true, GA, AA, SA, BA, HA),
        [PartnerOperation.ManageSpendingBudget] = AnyOf(true, AA),
        [PartnerOperation.ManageAccess] = AnyOf(true, GA, AA),
        [PartnerOperation.SandboxClock] = AnyOf(true, GA),
        // Usage is reported by the partner's metering application, or by an admin on its behalf.
        [PartnerOperation.IngestUsage] = AnyOf(true, GA, AA),
    };

    /// <summary>True when an app-only token may call the operation.</summary>
    public static bool AllowsAppOnly(PartnerOperation operation) => Rules[operation].AllowsAppOnly;

    /// <summary>True when <paramref name="caller"/> may perform <paramref name="operation"/>.</summary>
    public static bool IsAllowed(Caller caller, PartnerOperation operation)
    {
        var rule = Rules[operation];
        if (caller.IsAppOnly)
        {
            return rule.AllowsAppOnly;
        }

        foreach (var required in rule.Alternatives)
        {
            if ((caller.Roles & required) == required)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws <see cref="CommerceErrors.RoleLacksRights"/> unless the caller is allowed.</summary>
    public static void Demand(Caller caller, PartnerOperation operation)
    {
        if (IsAllowed(caller, operation))
        {
            return;
        }

        var error = caller.IsAppOnly
            ? CommerceErrors.AccessDenied.WithDescription($"The operation {operation} requires an app+user token; app-only tokens are not accepted.")
            : CommerceErrors.RoleLacksRights.WithDescription($"The signed-in user's roles do not allow the operation {operation}.");
        throw new CommerceRuleException(error);
    }
}
