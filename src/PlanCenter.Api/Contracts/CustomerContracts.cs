using PlanCenter.Domain.Customers;

namespace PlanCenter.Api.Contracts;

/// <summary>Wire <c>Address</c>; every member optional on input so that bad input can be named, not crash.</summary>
public sealed record AddressDto
{
    public string? Country { get; init; }
    public string? Region { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? AddressLine3 { get; init; }
    public string? PostalCode { get; init; }
    public string? FirstName { get; init; }
    public string? MiddleName { get; init; }
    public string? LastName { get; init; }
    public string? PhoneNumber { get; init; }
}

public sealed record CompanyProfileDto
{
    public string? TenantId { get; init; }
    public string? Domain { get; init; }
    public string? CompanyName { get; init; }
    public string? OrganizationRegistrationNumber { get; init; }
    public AddressDto? Address { get; init; }
    public string? Email { get; init; }
    public ResourceLinksDto? Links { get; init; }
    public ResourceAttributes? Attributes { get; init; }
}

public sealed record BillingProfileDto
{
    public string? Id { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? Culture { get; init; }
    public string? Language { get; init; }
    public string? CompanyName { get; init; }
    public AddressDto? DefaultAddress { get; init; }
    public ResourceLinksDto? Links { get; init; }
    public ResourceAttributes? Attributes { get; init; }
}

public sealed record UserCredentialsDto(string UserName, string Password);

/// <summary>The links of a single resource; only <c>self</c> and a few named ones are used.</summary>
public sealed record ResourceLinksDto
{
    public Link? Self { get; init; }
    public Link? Product { get; init; }
    public Link? Sku { get; init; }
    public Link? Availability { get; init; }
    public Link? Skus { get; init; }
    public Link? Availabilities { get; init; }
    public Link? Subscription { get; init; }
    public Link? ProvisioningStatus { get; init; }
    public Link? Offer { get; init; }
}

public sealed record CustomerDto
{
    public string? Id { get; init; }
    public string? CommerceId { get; init; }
    public CompanyProfileDto? CompanyProfile { get; init; }
    public BillingProfileDto? BillingProfile { get; init; }
    public CustomerRelationship? RelationshipToPartner { get; init; }
    public bool? AllowDelegatedAccess { get; init; }
    public UserCredentialsDto? UserCredentials { get; init; }
    public IReadOnlyList<string>? CustomDomains { get; init; }
    public string? AssociatedPartnerId { get; init; }
    public ResourceLinksDto? Links { get; init; }
    public ResourceAttributes? Attributes { get; init; }
}

public sealed record RelationshipRequestDto(string Url)
{
    public ResourceAttributes Attributes { get; init; } = new("RelationshipRequest");
}

public sealed record AddressValidationResponseDto(AddressDto OriginalAddress, IReadOnlyList<AddressDto> SuggestedAddresses, string Status, string? ValidationMessage)
{
    public ResourceAttributes Attributes { get; init; } = new("AddressValidationResponse");
}
