namespace PlanCenter.Documents;

/// <summary>The billed partner as printed in the statement's sold-to / bill-to block.</summary>
/// <param name="Name">The partner's organisation name.</param>
/// <param name="TenantId">The partner's Microsoft Entra tenant id (Partner Center's PartnerId).</param>
/// <param name="MpnId">The partner's PartnerID (MPN id) of the billing profile, e.g. <c>6034453</c>.</param>
/// <param name="Country">The partner's country (ISO 3166 alpha-2, e.g. <c>DE</c>).</param>
public sealed record InvoiceStatementPartner(string Name, Guid TenantId, string MpnId, string Country)
{
    /// <summary>Postal address lines, printed in order under the name. Empty by default.</summary>
    public IReadOnlyList<string> AddressLines { get; init; } = [];
}
