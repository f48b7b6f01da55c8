using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Partners;

/// <summary>
/// A user of a partner tenant who signs in with e-mail and password. The password is stored only as a
/// salted hash (<see cref="PasswordHash"/>), produced and checked outside the domain.
/// </summary>
public sealed class PartnerUser
{
    private PartnerUser()
    {
        Email = DisplayName = PasswordHash = "";
    }

    public PartnerUser(PrincipalId id, PartnerTenantId partnerId, string email, string displayName, PartnerRoles roles, string passwordHash)
    {
        Id = id;
        PartnerId = partnerId;
        Email = email.Trim().ToLowerInvariant();
        DisplayName = displayName;
        Roles = roles;
        PasswordHash = passwordHash;
    }

    public PrincipalId Id { get; private set; }
    public PartnerTenantId PartnerId { get; private set; }

    /// <summary>The sign-in name, stored lower case.</summary>
    public string Email { get; private set; }

    public string DisplayName { get; private set; }
    public PartnerRoles Roles { get; private set; }
    public string PasswordHash { get; private set; }
}

/// <summary>An application registered by a partner; it signs in with its client id and a secret (hash stored).</summary>
public sealed class PartnerApplication
{
    private PartnerApplication()
    {
        DisplayName = SecretHash = "";
    }

    public PartnerApplication(Guid clientId, PartnerTenantId partnerId, string displayName, string secretHash)
    {
        ClientId = clientId;
        PartnerId = partnerId;
        DisplayName = displayName;
        SecretHash = secretHash;
    }

    /// <summary>The application (client) id; also the <c>oid</c> of its app-only tokens.</summary>
    public Guid ClientId { get; private set; }

    public PartnerTenantId PartnerId { get; private set; }
    public string DisplayName { get; private set; }
    public string SecretHash { get; private set; }
}
