namespace PlanCenter.Domain.Usage;

/// <summary>Why a usage record is rejected (billing-rules §2.1), in the order the checks apply.</summary>
public enum RejectReason
{
    /// <summary>A required field is missing or unparsable.</summary>
    Malformed,

    /// <summary>The quantity is below zero.</summary>
    NegativeQuantity,

    /// <summary>The Azure subscription is not in the accounts.</summary>
    UnknownEntitlement,

    /// <summary>The usage start lies outside the entitlement's billable period.</summary>
    OutsideEntitlementPeriod,

    /// <summary>The meter has no Consumption price row at all.</summary>
    UnknownMeter,

    /// <summary>The meter has Consumption rows, none effective on the usage date.</summary>
    NoPriceOnDate,

    /// <summary>No exchange rate for the billing currency in the usage month.</summary>
    NoExchangeRate,
}
