using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Customers;

/// <summary>
/// A customer tenant as one partner sees it. Lists are ordered by (<see cref="CreatedAt"/>,
/// <see cref="Domain"/>); the domain is globally unique and stored lower case.
/// </summary>
public sealed class Customer
{
    private Customer()
    {
        Domain = "";
        CompanyName = "";
        BillingProfile = null!;
    }

    private Customer(CustomerId id, PartnerTenantId partnerId, string domain, string? registrationNumber, BillingProfile billingProfile, DateTimeOffset createdAt)
    {
        Id = id;
        PartnerId = partnerId;
        CommerceId = Guid.NewGuid();
        Domain = domain;
        OrganizationRegistrationNumber = registrationNumber;
        BillingProfile = billingProfile;
        CompanyName = billingProfile.CompanyName;
        Relationship = CustomerRelationship.Reseller;
        CreatedAt = createdAt;
    }

    /// <summary>Countries whose customers must give a company registration number (domain.md §2.1 rule 6).</summary>
    private static readonly HashSet<string> RegistrationNumberCountries = new(StringComparer.OrdinalIgnoreCase)
    {
        "AM", "AZ", "BY", "HU", "KZ", "KG", "MD", "RU", "TJ", "UZ", "UA",
    };

    public CustomerId Id { get; private set; }

    /// <summary>The partner that created the customer record and holds the reseller relationship.</summary>
    public PartnerTenantId PartnerId { get; private set; }

    public Guid CommerceId { get; private set; }

    /// <summary>The customer's initial domain, e.g. <c>contoso.onmicrosoft.com</c>.</summary>
    public string Domain { get; private set; }

    public string? OrganizationRegistrationNumber { get; private set; }

    public BillingProfile BillingProfile { get; private set; }

    public CustomerRelationship Relationship { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The company name, kept equal to the billing profile's so that it can be searched.</summary>
    public string CompanyName { get; private set; }

    /// <summary>The customer's country: that of its billing address, upper case.</summary>
    public string Country => BillingProfile.DefaultAddress.Country.ToUpperInvariant();

    /// <summary>True while the partner has a commerce (reseller) relationship with the customer.</summary>
    public bool HasCommerceRelationship => Relationship == CustomerRelationship.Reseller;

    /// <summary>Creates a customer record; the reseller relationship comes with it.</summary>
    public static Customer Create(PartnerTenantId partnerId, string domain, string? registrationNumber, BillingProfile billingProfile, DateTimeOffset createdAt)
    {
        var country = billingProfile.DefaultAddress.Country;
        var needsRegistration = RegistrationNumberCountries.Contains(country);
        if (needsRegistration && string.IsNullOrWhiteSpace(registrationNumber))
        {
            throw new CommerceRuleException(new CommerceError("600049", $"companyProfile.organizationRegistrationNumber is required for customers in {country}.", ErrorKind.BadInput));
        }

        if (needsRegistration && string.IsNullOrWhiteSpace(billingProfile.DefaultAddress.PhoneNumber))
        {
            throw new CommerceRuleException(new CommerceError("600051", $"billingProfile.defaultAddress.phoneNumber is required for customers in {country}.", ErrorKind.BadInput));
        }

        if (!needsRegistration && !string.IsNullOrWhiteSpace(registrationNumber))
        {
            throw new CommerceRuleException(new CommerceError("600002", $"companyProfile.organizationRegistrationNumber is not accepted for customers in {country}.", ErrorKind.BadInput));
        }

        return new Customer(TypedId.New<CustomerId>(), partnerId, domain.Trim().ToLowerInvariant(), registrationNumber, billingProfile, createdAt);
    }

    /// <summary>Replaces the billing profile when <paramref name="expectedVersion"/> (if given) is current.</summary>
    public void UpdateBillingProfile(BillingProfile profile, int? expectedVersion)
    {
        if (expectedVersion is { } version && version != BillingProfile.Version)
        {
            throw new CommerceRuleException(CommerceErrors.EtagInvalid);
        }

        BillingProfile = profile with { Id = BillingProfile.Id, Version = BillingProfile.Version + 1 };
        CompanyName = BillingProfile.CompanyName;
    }

    /// <summary>Ends the reseller relationship (allowed only when nothing is active; the caller checks).</summary>
    public void RemoveRelationship() => Relationship = CustomerRelationship.None;

    /// <summary>Restores the reseller relationship, as when the customer accepts a new invitation.</summary>
    public void AcceptRelationship() => Relationship = CustomerRelationship.Reseller;

    /// <summary>Fails with 20002 unless the partner has a commerce relationship with the customer.</summary>
    public void EnsureCommerceRelationship(CommerceError? error = null)
    {
        if (!HasCommerceRelationship)
        {
            throw new CommerceRuleException(error ?? CommerceErrors.NoCommerceRelationship);
        }
    }
}
