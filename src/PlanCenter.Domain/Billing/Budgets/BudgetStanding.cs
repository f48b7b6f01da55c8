namespace PlanCenter.Domain.Billing.Budgets;

/// <summary>
/// Where a customer's month-to-date spend stands against its monthly spending budget (domain.md §8,
/// billing-rules §5). Decided by <see cref="BudgetAlertPolicy.StandingOf"/>.
/// </summary>
public enum BudgetStanding
{
    /// <summary>The customer has no budget.</summary>
    NoBudget,

    /// <summary>Spend is below 80 % of the budget (or zero against a zero budget).</summary>
    Under,

    /// <summary>Spend is at least 80 % and at most 100 % of the budget, both inclusive: "trending over", alerts repeat.</summary>
    TrendingOver,

    /// <summary>Spend is above the budget: no more alerts this month.</summary>
    OverBudget,
}
