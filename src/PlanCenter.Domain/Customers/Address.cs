namespace PlanCenter.Domain.Customers;

/// <summary>A postal address with an optional contact person (Partner Center's <c>Address</c>).</summary>
public sealed record Address
{
    public required string Country { get; init; }
    public string? Region { get; init; }
    public required string City { get; init; }
    public string? State { get; init; }
    public required string AddressLine1 { get; init; }
    public string? AddressLine2 { get; init; }
    public string? AddressLine3 { get; init; }
    public string? PostalCode { get; init; }
    public string? FirstName { get; init; }
    public string? MiddleName { get; init; }
    public string? LastName { get; init; }
    public string? PhoneNumber { get; init; }
}
