using System.Text.Json.Serialization;

namespace PlanCenter.Api.Contracts;

/// <summary>
/// <c>SpendingBudget</c> (api.md §15.1): <c>amount</c> in the partner's billing currency, written as
/// <c>null</c> when the customer has no budget; the samples' duplicate <c>usageSpendingBudget</c> is kept.
/// </summary>
public sealed record SpendingBudgetDto([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] decimal? Amount)
{
    public decimal? UsageSpendingBudget => Amount;

    public ResourceLinksDto? Links { get; init; }

    public ResourceAttributes Attributes { get; init; } = new("SpendingBudget");
}

/// <summary>
/// The body of <c>PATCH …/usagebudget</c> as the SDK sends it (<c>{"Amount": 100, "Attributes": {…}}</c>);
/// an absent or null <c>Amount</c> removes the budget.
/// </summary>
public sealed record SpendingBudgetPatchDto(decimal? Amount, ResourceAttributes? Attributes);

/// <summary>
/// <c>SpendingBudgetAlert</c>, a PlanCenter extension (Partner Center only e-mails these): one alert queued
/// by the budget rule, with the spend and budget it was raised at and the state of its e-mail.
/// </summary>
public sealed record SpendingBudgetAlertDto(string Id, string CustomerId, string Period, DateTimeOffset QueuedAt, decimal MonthToDateSpend, decimal Budget,
    string CurrencyCode, decimal PercentUsed, string DeliveryStatus, int DeliveryAttempts, DateTimeOffset? SentAt, string? LastDeliveryError)
{
    public ResourceAttributes Attributes { get; init; } = new("SpendingBudgetAlert");
}
