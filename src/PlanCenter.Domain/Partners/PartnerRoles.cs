namespace PlanCenter.Domain.Partners;

/// <summary>The Partner Center roles a partner user can hold (domain.md §1.2). A user may hold several.</summary>
[Flags]
public enum PartnerRoles
{
    None = 0,
    GlobalAdmin = 1,
    AdminAgent = 2,
    SalesAgent = 4,
    BillingAdmin = 8,
    HelpdeskAgent = 16,
}

/// <summary>Wire names of <see cref="PartnerRoles"/> as they appear in tokens and on the command line.</summary>
public static class PartnerRoleNames
{
    private static readonly (PartnerRoles Role, string Name)[] Names =
    [
        (PartnerRoles.GlobalAdmin, "GlobalAdmin"),
        (PartnerRoles.AdminAgent, "AdminAgent"),
        (PartnerRoles.SalesAgent, "SalesAgent"),
        (PartnerRoles.BillingAdmin, "BillingAdmin"),
        (PartnerRoles.HelpdeskAgent, "HelpdeskAgent"),
    ];

    /// <summary>Each single role held, by name.</summary>
    public static IEnumerable<string> ToNames(PartnerRoles roles)
    {
        foreach (var (role, name) in Names)
        {
            if (roles.HasFlag(role))
            {
                yield return name;
            }
        }
    }

    /// <summary>Reads role names case-insensitively; unknown names are ignored.</summary>
    public static PartnerRoles FromNames(IEnumerable<string> names)
    {
        var roles = PartnerRoles.None;
        foreach (var text in names)
        {
            foreach (var (role, name) in Names)
            {
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    roles |= role;
                }
            }
        }

        return roles;
    }
}
