using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Budgets;

/// <summary>A customer's monthly spending budget, in <see cref="Currency"/> (the partner's billing currency).</summary>
public sealed record SpendingBudget(PartnerTenantId Partner, CustomerId Customer, decimal Amount, string Currency, DateTimeOffset UpdatedAt);

/// <summary>Where the e-mail of an alert is (stored lower case).</summary>
public enum AlertDelivery
{
    /// <summary>Not tried yet (also while no SMTP server is configured).</summary>
    Queued,

    /// <summary>Sent to every recipient.</summary>
    Sent,

    /// <summary>The last try failed; it is tried again on the next round.</summary>
    Retrying,

    /// <summary>Given up after <see cref="SpendingBudgetStore.MaxDeliveryAttempts"/> tries.</summary>
    Failed,
}

/// <summary>An alert queued because a customer's spend reached 80 % of its budget (billing-rules §5).</summary>
public sealed record SpendingBudgetAlert(Guid Id, PartnerTenantId Partner, CustomerId Customer, string Period, DateTimeOffset QueuedAt, decimal Spend,
    decimal Budget, string Currency, decimal PercentUsed, AlertDelivery Delivery, int DeliveryAttempts, DateTimeOffset? SentAt, string? LastError);

/// <summary>Reads and writes <see cref="BudgetSchema"/>'s tables. Every read is scoped to a partner except the ones the background work uses.</summary>
public sealed class SpendingBudgetStore(SqliteDatabase database)
{
    /// <summary>Delivery tries before an alert's e-mail is given up.</summary>
    public const int MaxDeliveryAttempts = 10;

    private const string AlertColumns = """
        id, partner_id, customer_id, period, queued_at_ticks, spend, budget, currency, percent_used, delivery_status, delivery_attempts, sent_at_ticks, last_error
        """;

    public async Task<SpendingBudget?> FindAsync(PartnerTenantId partner, CustomerId customer, CancellationToken ct)
    {
        var budgets = await ListAsync("WHERE partner_id = $partner AND customer_id = $customer", c =>
        {
            c.Parameters.AddWithValue("$partner", partner.ToString());
            c.Parameters.AddWithValue("$customer", customer.ToString());
        }, ct);
        return budgets.Count == 0 ? null : budgets[0];
    }

    /// <summary>The budgets of one partner, or of every partner when <paramref name="partner"/> is null.</summary>
    public Task<List<SpendingBudget>> ListAsync(PartnerTenantId? partner, CancellationToken ct) => partner is { } p
        ? ListAsync("WHERE partner_id = $partner", c => c.Parameters.AddWithValue("$partner", p.ToString()), ct)
        : ListAsync("", _ => { }, ct);

    /// <summary>Sets the budget (<paramref name="amount"/> null removes it).</summary>
    public async Task SetAsync(PartnerTenantId partner, CustomerId customer, decimal? amount, string currency, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$partner", partner.ToString());
        command.Parameters.AddWithValue("$customer", customer.ToString());
        if (amount is not { } value)
        {
            command.CommandText = "DELETE FROM spending_budgets WHERE partner_id = $partner AND customer_id = $customer;";
        }
        else
        {
            command.CommandText = """
                INSERT INTO spending_budgets (partner_id, customer_id, amount, currency, updated_at_ticks) VALUES ($partner, $customer, $amount, $currency, $at)
                ON CONFLICT (partner_id, customer_id) DO UPDATE SET amount = excluded.amount, currency = excluded.currency, updated_at_ticks = excluded.updated_at_ticks;
                """;
            command.Parameters.AddWithValue("$amount", value.ToString(CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$currency", currency);
            command.Parameters.AddWithValue("$at", now.UtcTicks);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The alerts of a partner (of one customer when given), oldest first.</summary>
    public Task<List<SpendingBudgetAlert>> ListAlertsAsync(PartnerTenantId partner, CustomerId? customer, CancellationToken ct) =>
        ListAlertsAsync(customer is null ? "WHERE partner_id = $partner" : "WHERE partner_id = $partner AND customer_id = $customer", c =>
        {
            c.Parameters.AddWithValue("$partner", partner.ToString());
            c.Parameters.AddWithValue("$customer", customer?.ToString() ?? "");
        }, ct);

    /// <summary>The alerts of one customer in one <c>yyyy-MM</c> period.</summary>
    public Task<List<SpendingBudgetAlert>> ListAlertsAsync(PartnerTenantId partner, CustomerId customer, string period, CancellationToken ct) =>
        ListAlertsAsync("WHERE partner_id = $partner AND customer_id = $customer AND period = $period", c =>
        {
            c.Parameters.AddWithValue("$partner", partner.ToString());
            c.Parameters.AddWithValue("$customer", customer.ToString());
            c.Parameters.AddWithValue("$period", period);
        }, ct);

    /// <summary>Alerts whose e-mail is still to be sent (queued or retrying), oldest first.</summary>
    public Task<List<SpendingBudgetAlert>> ListUndeliveredAsync(CancellationToken ct) =>
        ListAlertsAsync("WHERE delivery_status IN ('queued', 'retrying')", _ => { }, ct);

    public async Task AddAlertAsync(SpendingBudgetAlert alert, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO spending_budget_alerts ({AlertColumns})
            VALUES ($id, $partner, $customer, $period, $queued, $spend, $budget, $currency, $percent, $status, $attempts, $sent, $error);
            """;
        command.Parameters.AddWithValue("$id", alert.Id.ToString("D"));
        command.Parameters.AddWithValue("$partner", alert.Partner.ToString());
        command.Parameters.AddWithValue("$customer", alert.Customer.ToString());
        command.Parameters.AddWithValue("$period", alert.Period);
        command.Parameters.AddWithValue("$queued", alert.QueuedAt.UtcTicks);
        command.Parameters.AddWithValue("$spend", alert.Spend.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$budget", alert.Budget.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$currency", alert.Currency);
        command.Parameters.AddWithValue("$percent", alert.PercentUsed.ToString(CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$status", StatusText(alert.Delivery));
        command.Parameters.AddWithValue("$attempts", alert.DeliveryAttempts);
        command.Parameters.AddWithValue("$sent", alert.SentAt is { } sent ? sent.UtcTicks : DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)alert.LastError ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Records that the alert's e-mail went out.</summary>
    public Task RecordSentAsync(Guid alertId, DateTimeOffset sentAt, CancellationToken ct) =>
        ExecuteAsync("""
            UPDATE spending_budget_alerts SET delivery_status = 'sent', delivery_attempts = delivery_attempts + 1, sent_at_ticks = $at, last_error = NULL
            WHERE id = $id;
            """, c =>
        {
            c.Parameters.AddWithValue("$id", alertId.ToString("D"));
            c.Parameters.AddWithValue("$at", sentAt.UtcTicks);
        }, ct);

    /// <summary>Records a failed try; after <see cref="MaxDeliveryAttempts"/> tries the alert is given up (<c>failed</c>).</summary>
    public Task RecordFailureAsync(Guid alertId, string error, CancellationToken ct) =>
        ExecuteAsync("""
            UPDATE spending_budget_alerts
            SET delivery_attempts = delivery_attempts + 1, last_error = $error,
                delivery_status = CASE WHEN delivery_attempts + 1 >= $max THEN 'failed' ELSE 'retrying' END
            WHERE id = $id;
            """, c =>
        {
            c.Parameters.AddWithValue("$id", alertId.ToString("D"));
            c.Parameters.AddWithValue("$error", error.Length > 1000 ? error[..1000] : error);
            c.Parameters.AddWithValue("$max", MaxDeliveryAttempts);
        }, ct);

    private async Task ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<List<SpendingBudget>> ListAsync(string where, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT partner_id, customer_id, amount, currency, updated_at_ticks FROM spending_budgets {where} ORDER BY partner_id, customer_id;";
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var budgets = new List<SpendingBudget>();
        while (await reader.ReadAsync(ct))
        {
            budgets.Add(new SpendingBudget(PartnerTenantId.From(Guid.Parse(reader.GetString(0))), CustomerId.From(Guid.Parse(reader.GetString(1))),
                StoredValues.Decimal(reader, 2), reader.GetString(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero)));
        }

        return budgets;
    }

    private async Task<List<SpendingBudgetAlert>> ListAlertsAsync(string where, Action<SqliteCommand> bind, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AlertColumns} FROM spending_budget_alerts {where} ORDER BY queued_at_ticks, id;";
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var alerts = new List<SpendingBudgetAlert>();
        while (await reader.ReadAsync(ct))
        {
            alerts.Add(new SpendingBudgetAlert(Guid.Parse(reader.GetString(0)), PartnerTenantId.From(Guid.Parse(reader.GetString(1))),
                CustomerId.From(Guid.Parse(reader.GetString(2))), reader.GetString(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                StoredValues.Decimal(reader, 5), StoredValues.Decimal(reader, 6), reader.GetString(7), StoredValues.Decimal(reader, 8), StatusOf(reader.GetString(9)),
                reader.GetInt32(10), reader.IsDBNull(11) ? null : new DateTimeOffset(reader.GetInt64(11), TimeSpan.Zero),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }

        return alerts;
    }

    /// <summary>The stored (and wire) name of a delivery status.</summary>
    public static string StatusText(AlertDelivery delivery) => delivery switch
    {
        AlertDelivery.Queued => "queued",
        AlertDelivery.Sent => "sent",
        AlertDelivery.Retrying => "retrying",
        AlertDelivery.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(delivery)),
    };

    private static AlertDelivery StatusOf(string text) => text switch
    {
        "queued" => AlertDelivery.Queued,
        "sent" => AlertDelivery.Sent,
        "retrying" => AlertDelivery.Retrying,
        "failed" => AlertDelivery.Failed,
        _ => throw new InvalidDataException($"Unknown alert delivery status '{text}'."),
    };
}
