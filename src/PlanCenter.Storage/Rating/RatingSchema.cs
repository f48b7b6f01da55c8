namespace PlanCenter.Storage.Rating;

/// <summary>The raw-SQL tables of server-side rating (bulk path, not EF).</summary>
public static class RatingSchema
{
    /// <summary>
    /// <c>rated_usage_lines</c> holds the daily-rated lines of the stored usage, one per (Azure subscription,
    /// resource, meter, UTC day); its primary key is the output order of billing-rules §2.6 within a partner
    /// and usage month (lower-case ids), which seek paging walks. Decimals are invariant text (exact, scale
    /// kept). <c>json_item</c> and <c>csv_row</c> are the line's wire forms (<see cref="RatedLineRendering"/>).
    /// <c>ix_rated_usage_lines_pmm</c> finds the lines of a plan-meter-month to replace them.
    /// <c>rating_rejects</c> accounts for stored records that rating rejects (billing-rules §2.1: the
    /// ledger accepts meters and days before prices and FX are known; nothing is silently lost).
    /// <c>rating_state</c> remembers the fingerprint of the reference data the lines were rated with.
    /// </summary>
    public static readonly SchemaScript Tables = new("0300-rating-tables", 300, """
        CREATE TABLE rated_usage_lines (
            partner_id TEXT NOT NULL,
            period TEXT NOT NULL,
            entitlement_key TEXT NOT NULL,
            usage_date TEXT NOT NULL,
            meter_key TEXT NOT NULL,
            resource_key TEXT NOT NULL,
            plan_id TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            billing_currency TEXT NOT NULL,
            has_pec INTEGER NOT NULL,
            resource_uri TEXT NOT NULL,
            quantity TEXT NOT NULL,
            latest_start INTEGER NOT NULL,
            latest_record_id TEXT NOT NULL,
            resource_location TEXT,
            consumed_service TEXT,
            tags TEXT,
            additional_info TEXT,
            service_info1 TEXT,
            service_info2 TEXT,
            unit_price TEXT NOT NULL,
            effective_unit_price TEXT NOT NULL,
            pricing_total TEXT NOT NULL,
            billing_total TEXT NOT NULL,
            fx_rate TEXT NOT NULL,
            pec_percentage TEXT NOT NULL,
            json_item BLOB NOT NULL,
            csv_row BLOB NOT NULL,
            PRIMARY KEY (partner_id, period, entitlement_key, usage_date, meter_key, resource_key)
        ) WITHOUT ROWID;
        CREATE INDEX ix_rated_usage_lines_pmm ON rated_usage_lines (plan_id, meter_key, period);
        CREATE TABLE rating_rejects (
            usage_record_id TEXT NOT NULL PRIMARY KEY,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE rating_state (
            name TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """);
}
