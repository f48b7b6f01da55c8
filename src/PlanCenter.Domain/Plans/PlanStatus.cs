namespace PlanCenter.Domain.Plans;

/// <summary>Partner Center subscription status; an Azure plan uses Active and Suspended.</summary>
public enum PlanStatus
{
    None,
    Active,
    Suspended,
    Deleted,
    Expired,
    Pending,
    Disabled,
}

/// <summary>Status of an Azure subscription as Partner Center shows it.</summary>
public enum AzureSubscriptionStatus
{
    Active,
    Inactive,
}
