namespace PlanCenter.Storage.Budgets;

/// <summary>The raw-SQL tables of spending budgets and their alerts (docs/budgets.md).</summary>
public static class BudgetSchema
{
    /// <summary>
    /// <c>spending_budgets</c>: one row per customer that has a budget (removing a budget deletes the row);
    /// <c>amount</c> is invariant decimal text in <c>currency</c>, the partner's billing currency when it was set.
    /// <c>spending_budget_alerts</c>: the alerts queued by the budget rule, one row each, with the spend, budget
    /// and percentage they were raised at (<c>period</c> is the <c>yyyy-MM</c> month of the spend) and their
    /// e-mail delivery: <c>delivery_status</c> is <c>queued</c> (not tried), <c>retrying</c> (a failed try, tried
    /// again later), <c>sent</c> or <c>failed</c> (given up). Instants are UTC ticks.
    /// </summary>
    public static readonly SchemaScript Tables = new("0500-spending-budgets", 500, """
        CREATE TABLE spending_budgets (
            partner_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            amount TEXT NOT NULL,
            currency TEXT NOT NULL,
            updated_at_ticks INTEGER NOT NULL,
            PRIMARY KEY (partner_id, customer_id)
        ) WITHOUT ROWID;
        CREATE TABLE spending_budget_alerts (
            id TEXT NOT NULL PRIMARY KEY,
            partner_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            period TEXT NOT NULL,
            queued_at_ticks INTEGER NOT NULL,
            spend TEXT NOT NULL,
            budget TEXT NOT NULL,
            currency TEXT NOT NULL,
            percent_used TEXT NOT NULL,
            delivery_status TEXT NOT NULL,
            delivery_attempts INTEGER NOT NULL,
            sent_at_ticks INTEGER,
            last_error TEXT
        );
        CREATE INDEX ix_spending_budget_alerts_customer ON spending_budget_alerts (partner_id, customer_id, period, queued_at_ticks);
        CREATE INDEX ix_spending_budget_alerts_delivery ON spending_budget_alerts (delivery_status);
        """);
}
