using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Billing;

/// <summary>Takes one daily line of a scan: its partner, its billing currency and what it adds to its recon group.</summary>
internal delegate void ReconRowHandler(string partner, string currency, in ReconContribution line);

/// <summary>
/// Reads the daily-rated lines a billing period bills from the close index (<c>ix_rated_usage_lines_close</c>
/// covers every value billing-rules §4 sums, in partner and currency order), never the wide rows. The month
/// close and the unbilled invoice recon both build their recon groups from it.
/// </summary>
internal static class ReconGroupScan
{
    /// <summary>
    /// Hands every line billed in <paramref name="billPeriod"/> (of <paramref name="partner"/> and in
    /// <paramref name="currency"/> when given) to <paramref name="add"/>, grouped by partner and currency;
    /// returns the number of lines.
    /// </summary>
    public static long Scan(SqliteConnection connection, SqliteTransaction? transaction, DateOnly billPeriod, string? partner, string? currency,
        ReconRowHandler add)
    {
        using var scan = connection.CreateCommand();
        scan.Transaction = transaction;
        scan.CommandText = $"""
            SELECT partner_id, billing_currency, customer_id, plan_id, meter_key, pec_percentage, usage_date, quantity, unit_price,
                   effective_unit_price, pricing_total, fx_rate, entitlement_key
            FROM rated_usage_lines INDEXED BY ix_rated_usage_lines_close
            WHERE bill_period = $period{(partner is null ? "" : " AND partner_id = $partner")}{(currency is null ? "" : " AND billing_currency = $currency")}
            ORDER BY bill_period, partner_id, billing_currency;
            """;
        scan.Parameters.AddWithValue("$period", BillingCalendar.Format(billPeriod));
        scan.Parameters.AddWithValue("$partner", (object?)partner ?? DBNull.Value);
        scan.Parameters.AddWithValue("$currency", (object?)currency?.ToUpperInvariant() ?? DBNull.Value);
        using var reader = scan.ExecuteReader();
        var ids = new GuidCache();
        long lines = 0;
        while (reader.Read())
        {
            add(reader.GetString(0), reader.GetString(1), new ReconContribution(
                DateOnly.ParseExact(reader.GetString(6), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                new CustomerId(ids.Get(reader, 2)),
                new SubscriptionId(ids.Get(reader, 3)),
                new MeterId(ids.Get(reader, 4)),
                StoredValues.Decimal(reader, 5),
                new AzureSubscriptionId(ids.Get(reader, 12)),
                StoredValues.Decimal(reader, 7),
                StoredValues.Decimal(reader, 8),
                StoredValues.Decimal(reader, 9),
                StoredValues.Decimal(reader, 10),
                StoredValues.Decimal(reader, 11)));
            lines++;
        }

        return lines;
    }

    /// <summary>
    /// Parses id columns, reusing the last value of each column: the close index keeps a group's rows together,
    /// so the same customer, plan and meter repeat row after row.
    /// </summary>
    private sealed class GuidCache
    {
        private readonly Dictionary<int, (string Text, Guid Value)> _last = [];

        public Guid Get(SqliteDataReader reader, int ordinal)
        {
            var text = reader.GetString(ordinal);
            if (_last.TryGetValue(ordinal, out var last) && string.Equals(last.Text, text, StringComparison.Ordinal))
            {
                return last.Value;
            }

            var value = Guid.Parse(text);
            _last[ordinal] = (text, value);
            return value;
        }
    }
}
