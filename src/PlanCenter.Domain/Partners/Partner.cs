using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Partners;

/// <summary>
/// A partner organisation: one tenant of this PlanCenter instance. Its <see cref="Country"/> decides its
/// market, and so the customers it may sell to and its <see cref="BillingCurrency"/> (domain.md §11).
/// </summary>
public sealed class Partner
{
    private Partner()
    {
        Name = "";
        MpnId = "";
        Country = "";
        BillingCurrency = "";
    }

    public Partner(PartnerTenantId id, string name, string mpnId, string country, PartnerKind kind, DateTimeOffset createdAt)
    {
        Id = id;
        Name = name;
        MpnId = mpnId;
        Country = country.ToUpperInvariant();
        Kind = kind;
        BillingCurrency = Catalog.AzurePlanMarkets.Find(Country)?.Currency ?? "USD";
        AdminAgentsGroupId = Guid.NewGuid();
        HelpdeskAgentsGroupId = Guid.NewGuid();
        CreatedAt = createdAt;
    }

    public PartnerTenantId Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The PartnerID (formerly MPN id) of the partner's location.</summary>
    public string MpnId { get; private set; }

    /// <summary>ISO 3166 alpha-2 country of the partner's location.</summary>
    public string Country { get; private set; }

    public PartnerKind Kind { get; private set; }

    /// <summary>ISO 4217 currency the partner is invoiced in.</summary>
    public string BillingCurrency { get; private set; }

    /// <summary>Object id of the partner's AdminAgents group, the foreign principal made Owner of new Azure subscriptions.</summary>
    public Guid AdminAgentsGroupId { get; private set; }

    /// <summary>Object id of the partner's HelpdeskAgents group.</summary>
    public Guid HelpdeskAgentsGroupId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
