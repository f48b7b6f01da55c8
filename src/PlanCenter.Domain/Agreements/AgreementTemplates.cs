namespace PlanCenter.Domain.Agreements;

/// <summary>An agreement's metadata: the template a partner attests against.</summary>
public sealed record AgreementTemplate(string AgreementType, string TemplateId, string AgreementLink, int VersionRank);

/// <summary>The agreement templates PlanCenter knows (api.md §5.1).</summary>
public static class AgreementTemplates
{
    public const string MicrosoftCustomerAgreement = "MicrosoftCustomerAgreement";
    public const string MicrosoftCloudAgreement = "MicrosoftCloudAgreement";

    /// <summary>The current template of each agreement type, the Customer Agreement first.</summary>
    public static IReadOnlyList<AgreementTemplate> All { get; } =
    [
        new(MicrosoftCustomerAgreement, "117a77b0-9360-443b-8795-c6dedc750cf9", "https://aka.ms/customeragreement", 0),
        new(MicrosoftCloudAgreement, "998b88de-aa99-4388-a42c-1b3517d49490", "https://docs.microsoft.com/partner-center/agreements", 0),
    ];

    /// <summary>
    /// Earlier template versions still accepted for attestations (version rank above 0). Partner Center
    /// keeps older MCA templates valid; the SDK capture in sdk-wire.md attests against this one.
    /// </summary>
    private static readonly AgreementTemplate[] EarlierVersions =
    [
        new(MicrosoftCustomerAgreement, "117a69f8-d3d7-46c6-8bd5-a6e0e82c7fa1", "https://aka.ms/customeragreement", 1),
    ];

    /// <summary>True when <paramref name="templateId"/> is a known version of <paramref name="agreementType"/>'s template.</summary>
    public static bool IsValidTemplate(string agreementType, string templateId) =>
        All.Concat(EarlierVersions).Any(t =>
            string.Equals(t.AgreementType, agreementType, StringComparison.OrdinalIgnoreCase)
            && string.Equals(t.TemplateId, templateId.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The template of an agreement type (case-insensitive), or null.</summary>
    public static AgreementTemplate? Find(string? agreementType) =>
        All.FirstOrDefault(t => string.Equals(t.AgreementType, agreementType, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The templates a query for <paramref name="agreementType"/> returns: absent means the legacy
    /// Microsoft Cloud Agreement (backward compatibility), <c>*</c> means all, an unknown type none.
    /// </summary>
    public static IReadOnlyList<AgreementTemplate> Query(string? agreementType)
    {
        if (string.IsNullOrWhiteSpace(agreementType))
        {
            return [Find(MicrosoftCloudAgreement)!];
        }

        if (agreementType.Trim() == "*")
        {
            return All;
        }

        return Find(agreementType) is { } template ? [template] : [];
    }
}
