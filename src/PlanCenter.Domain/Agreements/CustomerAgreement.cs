using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Agreements;

/// <summary>
/// A partner's attestation that a customer accepted an agreement (domain.md §2.2). Attestations are
/// append-only; two are duplicates when type and all four contact fields are equal (case-insensitively).
/// </summary>
public sealed class CustomerAgreement
{
    private CustomerAgreement()
    {
        Type = TemplateId = FirstName = LastName = Email = AgreementLink = "";
    }

    public CustomerAgreement(CustomerId customerId, PartnerTenantId partnerId, PrincipalId userId, string type, string templateId,
        DateTimeOffset dateAgreed, string firstName, string lastName, string email, string? phoneNumber, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        CustomerId = customerId;
        PartnerId = partnerId;
        UserId = userId;
        Type = type;
        TemplateId = templateId;
        DateAgreed = dateAgreed;
        FirstName = firstName;
        LastName = lastName;
        Email = email;
        PhoneNumber = phoneNumber;
        AgreementLink = AgreementTemplates.Find(type)?.AgreementLink ?? "";
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public CustomerId CustomerId { get; private set; }
    public PartnerTenantId PartnerId { get; private set; }
    public PrincipalId UserId { get; private set; }
    public string Type { get; private set; }
    public string TemplateId { get; private set; }
    public DateTimeOffset DateAgreed { get; private set; }
    public string FirstName { get; private set; }
    public string LastName { get; private set; }
    public string Email { get; private set; }
    public string? PhoneNumber { get; private set; }
    public string AgreementLink { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>True when this attestation names the same agreement type and the same contact.</summary>
    public bool DuplicatesContactOf(string type, string firstName, string lastName, string email, string? phoneNumber) =>
        Same(Type, type) && Same(FirstName, firstName) && Same(LastName, lastName) && Same(Email, email)
        && Same(PhoneNumber ?? "", phoneNumber ?? "");

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
