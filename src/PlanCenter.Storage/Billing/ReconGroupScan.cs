using System.Buffers.Text;
using Microsoft.Data.Sqlite;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using SQLitePCL;

namespace PlanCenter.Storage.Billing;

/// <summary>Takes one daily line of a scan: its partner, its billing currency and what it adds to its recon group.</summary>
internal delegate void ReconRowHandler(string partner, string currency, in ReconContribution line);

/// <summary>
/// Reads the daily-rated lines a billing period bills from the close index (<c>ix_rated_usage_lines_close</c>
/// covers every value billing-rules §4 sums, in partner and currency order), never the wide rows. The month
/// close and the unbilled invoice recon both build their recon groups from it.
/// </summary>
/// <remarks>
/// Hand-written on the raw SQLite statement: this loop is the month close (10 M rows and more), and going
/// through <see cref="SqliteDataReader"/> allocated a string per column per row. Values are parsed from the
/// UTF-8 bytes SQLite holds, and a column whose bytes repeat the previous row's (a group's rows are adjacent)
/// reuses its parsed value.
/// </remarks>
internal static class ReconGroupScan
{
    private const int Partner = 0, Currency = 1, Customer = 2, Plan = 3, Meter = 4, Pec = 5, UsageDate = 6, Quantity = 7, UnitPrice = 8,
        EffectiveUnitPrice = 9, PricingTotal = 10, FxRate = 11, Entitlement = 12;

    /// <summary>
    /// Hands every line billed in <paramref name="billPeriod"/> (of <paramref name="partner"/> and in
    /// <paramref name="currency"/> when given) to <paramref name="add"/>, grouped by partner and currency;
    /// returns the number of lines. Runs inside the connection's transaction, if one is open.
    /// </summary>
    public static long Scan(SqliteConnection connection, DateOnly billPeriod, string? partner, string? currency, ReconRowHandler add)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var sql = $"""
            SELECT partner_id, billing_currency, customer_id, plan_id, meter_key, pec_percentage, usage_date, quantity, unit_price,
                   effective_unit_price, pricing_total, fx_rate, entitlement_key
            FROM rated_usage_lines INDEXED BY ix_rated_usage_lines_close
            WHERE bill_period = ?1{(partner is null ? "" : " AND partner_id = ?2")}{(currency is null ? "" : " AND billing_currency = ?3")}
            ORDER BY bill_period, partner_id, billing_currency;
            """;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            Check(db, raw.sqlite3_bind_text(statement, 1, BillingCalendar.Format(billPeriod)));
            if (partner is not null)
            {
                Check(db, raw.sqlite3_bind_text(statement, 2, partner));
            }

            if (currency is not null)
            {
                Check(db, raw.sqlite3_bind_text(statement, 3, currency.ToUpperInvariant()));
            }

            var partners = new TextColumn();
            var currencies = new TextColumn();
            var customers = new GuidColumn();
            var plans = new GuidColumn();
            var meters = new GuidColumn();
            var entitlements = new GuidColumn();
            var days = new DateColumn();
            var pecs = new DecimalColumn();
            var rates = new DecimalColumn();
            long lines = 0;
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                add(partners.Get(statement, Partner), currencies.Get(statement, Currency), new ReconContribution(
                    days.Get(statement, UsageDate),
                    new CustomerId(customers.Get(statement, Customer)),
                    new SubscriptionId(plans.Get(statement, Plan)),
                    new MeterId(meters.Get(statement, Meter)),
                    pecs.Get(statement, Pec),
                    new AzureSubscriptionId(entitlements.Get(statement, Entitlement)),
                    DecimalColumn.Parse(statement, Quantity),
                    DecimalColumn.Parse(statement, UnitPrice),
                    DecimalColumn.Parse(statement, EffectiveUnitPrice),
                    DecimalColumn.Parse(statement, PricingTotal),
                    rates.Get(statement, FxRate)));
                lines++;
            }

            Check(db, step == raw.SQLITE_DONE ? raw.SQLITE_OK : step);
            return lines;
        }
    }

    private static void Check(sqlite3 db, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite error {result}: {raw.sqlite3_errmsg(db).utf8_to_string()}", result);
        }
    }

    private static InvalidDataException Unreadable(int column, ReadOnlySpan<byte> bytes) =>
        new($"rated_usage_lines column {column} holds '{System.Text.Encoding.UTF8.GetString(bytes)}', which is not what the close index stores.");

    /// <summary>The last value of a column and the bytes it was parsed from.</summary>
    private abstract class RepeatingColumn<T>
    {
        private byte[] _last = [];
        private T _value = default!;

        public T Get(sqlite3_stmt statement, int column)
        {
            var bytes = raw.sqlite3_column_blob(statement, column);
            if (!bytes.SequenceEqual(_last))
            {
                _value = Parse(column, bytes);
                _last = bytes.ToArray();
            }

            return _value;
        }

        protected abstract T Parse(int column, ReadOnlySpan<byte> bytes);
    }

    private sealed class TextColumn : RepeatingColumn<string>
    {
        protected override string Parse(int column, ReadOnlySpan<byte> bytes) => System.Text.Encoding.UTF8.GetString(bytes);
    }

    private sealed class GuidColumn : RepeatingColumn<Guid>
    {
        protected override Guid Parse(int column, ReadOnlySpan<byte> bytes) =>
            Utf8Parser.TryParse(bytes, out Guid value, out var used, 'D') && used == bytes.Length ? value : throw Unreadable(column, bytes);
    }

    private sealed class DateColumn : RepeatingColumn<DateOnly>
    {
        protected override DateOnly Parse(int column, ReadOnlySpan<byte> bytes) =>
            DateOnly.TryParseExact(System.Text.Encoding.ASCII.GetString(bytes), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.None, out var day) ? day : throw Unreadable(column, bytes);
    }

    private sealed class DecimalColumn : RepeatingColumn<decimal>
    {
        protected override decimal Parse(int column, ReadOnlySpan<byte> bytes) => ParseBytes(column, bytes);

        /// <summary>A decimal stored as invariant text (<see cref="DecimalText.Format"/>), exactly, scale kept.</summary>
        public static decimal Parse(sqlite3_stmt statement, int column) => ParseBytes(column, raw.sqlite3_column_blob(statement, column));

        private static decimal ParseBytes(int column, ReadOnlySpan<byte> bytes) =>
            Utf8Parser.TryParse(bytes, out decimal value, out var used) && used == bytes.Length ? value : throw Unreadable(column, bytes);
    }
}
