using Microsoft.Data.Sqlite;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Rating;

/// <summary>
/// A customer's month-to-date spend (billing-rules §5): Σ BillingPreTaxTotal of its unbilled daily-rated lines
/// of one billing period (late usage of a closed month billed in it included; nothing once it is closed), in
/// the partner's billing currency. Call <see cref="ServerRating.CatchUpForReadAsync"/> first.
/// </summary>
public static class CustomerSpend
{
    /// <summary>
    /// The spend of <paramref name="customer"/> in the month starting <paramref name="month"/>. The totals are
    /// decimal text summed in C# decimal (SQLite would sum them as floating point).
    /// </summary>
    public static async Task<decimal> MonthToDateAsync(SqliteConnection connection, PartnerTenantId partner, CustomerId customer, DateOnly month,
        CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT billing_total FROM rated_usage_lines
            WHERE partner_id = $partner AND bill_period = $period AND customer_id = $customer
              AND NOT EXISTS (SELECT 1 FROM billing_closes WHERE period >= $period);
            """;
        command.Parameters.AddWithValue("$partner", partner.ToString());
        command.Parameters.AddWithValue("$period", BillingCalendar.Format(month));
        command.Parameters.AddWithValue("$customer", customer.ToString());
        await using var reader = await command.ExecuteReaderAsync(ct);
        var total = 0m;
        while (await reader.ReadAsync(ct))
        {
            total += StoredValues.Decimal(reader, 0);
        }

        return total;
    }
}
