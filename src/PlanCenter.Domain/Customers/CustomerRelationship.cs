namespace PlanCenter.Domain.Customers;

/// <summary>The partner's relationship to a customer (wire: <c>relationshipToPartner</c>).</summary>
public enum CustomerRelationship
{
    Unknown,
    Reseller,
    Advisor,
    Syndication,
    MicrosoftSupport,
    None,
}
