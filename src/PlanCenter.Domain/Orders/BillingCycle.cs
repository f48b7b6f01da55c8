namespace PlanCenter.Domain.Orders;

/// <summary>Partner Center's billing cycle (wire: snake_case, e.g. <c>one_time</c>).</summary>
public enum BillingCycle
{
    Unknown,
    Monthly,
    Annual,
    None,
    OneTime,
    Triennial,
    Biennial,
}
