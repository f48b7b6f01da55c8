using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Identity;

/// <summary>Operator work on the instance: partner tenants, their users and their applications.</summary>
public sealed class TenantAdministration(ICommerceStore store, TimeProvider clock)
{
    public async Task<Partner> AddPartnerAsync(PartnerTenantId id, string name, string mpnId, string country, PartnerKind kind, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription("name is required."));
        }

        if (Domain.Catalog.AzurePlanMarkets.Find(country) is null)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"country '{country}' is not a country where the Azure plan is sold."));
        }

        if (await store.FindPartnerAsync(id, ct) is not null)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"partner {id} already exists.") with { Kind = ErrorKind.Conflict });
        }

        var partner = new Partner(id, name.Trim(), mpnId.Trim(), country, kind, clock.GetUtcNow());
        store.Add(partner);
        await store.SaveChangesAsync(ct);
        return partner;
    }

    public async Task<PartnerUser> AddUserAsync(PartnerTenantId partnerId, string email, string displayName, PartnerRoles roles, string password, CancellationToken ct)
    {
        _ = await store.FindPartnerAsync(partnerId, ct) ?? throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription($"partner {partnerId} does not exist."));
        if (!email.Contains('@', StringComparison.Ordinal))
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"email '{email}' is not an e-mail address."));
        }

        if (password.Length < 12)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription("password must have at least 12 characters."));
        }

        if (roles == PartnerRoles.None)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription("roles: give at least one of GlobalAdmin, AdminAgent, SalesAgent, BillingAdmin, HelpdeskAgent."));
        }

        if (await store.FindUserByEmailAsync(email, ct) is not null)
        {
            throw new CommerceRuleException(CommerceErrors.InvalidProperty.WithDescription($"a user '{email}' already exists.") with { Kind = ErrorKind.Conflict });
        }

        var user = new PartnerUser(TypedId.New<PrincipalId>(), partnerId, email, displayName, roles, PasswordHashing.Hash(password));
        store.Add(user);
        await store.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Registers an application and returns it with its newly generated secret (shown once).</summary>
    public async Task<(PartnerApplication Application, string Secret)> AddApplicationAsync(PartnerTenantId partnerId, string displayName, CancellationToken ct)
    {
        _ = await store.FindPartnerAsync(partnerId, ct) ?? throw new CommerceRuleException(CommerceErrors.NotFound.WithDescription($"partner {partnerId} does not exist."));
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var application = new PartnerApplication(Guid.NewGuid(), partnerId, displayName, PasswordHashing.Hash(secret));
        store.Add(application);
        await store.SaveChangesAsync(ct);
        return (application, secret);
    }
}
