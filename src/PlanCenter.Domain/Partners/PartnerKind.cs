namespace PlanCenter.Domain.Partners;

/// <summary>The CSP business model of a partner tenant (domain.md §1.1).</summary>
public enum PartnerKind
{
    /// <summary>A 1-tier partner, invoiced by Microsoft directly.</summary>
    DirectBill,

    /// <summary>A 2-tier distributor selling through indirect resellers.</summary>
    IndirectProvider,

    /// <summary>A reseller selling through an indirect provider; never invoiced, cannot attest the MCA.</summary>
    IndirectReseller,
}
