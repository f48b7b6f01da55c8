namespace PlanCenter.Api.Contracts;

public sealed record AgreementMetaDataDto(string TemplateId, string AgreementType, string AgreementLink, int VersionRank)
{
    public ResourceAttributes Attributes { get; init; } = new("AgreementMetaData");
}

public sealed record AgreementContactDto
{
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? Email { get; init; }
    public string? PhoneNumber { get; init; }
}

public sealed record AgreementDto
{
    public string? UserId { get; init; }
    public AgreementContactDto? PrimaryContact { get; init; }
    public string? TemplateId { get; init; }
    public DateTimeOffset? DateAgreed { get; init; }
    public string? Type { get; init; }
    public string? AgreementLink { get; init; }
    public ResourceAttributes? Attributes { get; init; }
}
