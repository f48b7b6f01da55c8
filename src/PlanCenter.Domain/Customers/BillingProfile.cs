namespace PlanCenter.Domain.Customers;

/// <summary>The customer's billing profile; its <see cref="Version"/> is the optimistic-concurrency etag.</summary>
public sealed record BillingProfile
{
    public required Guid Id { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public required string Email { get; init; }
    public required string Culture { get; init; }
    public required string Language { get; init; }
    public required string CompanyName { get; init; }
    public required Address DefaultAddress { get; init; }
    public int Version { get; init; } = 1;
}
