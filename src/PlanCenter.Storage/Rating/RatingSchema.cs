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

    /// <summary>
    /// Rating's rejects keep the partner billed for the record's Azure subscription and the record's fields,
    /// so that a partner can list its own (<c>GET /metering/usage/rating-rejects</c>) by
    /// <c>ix_rating_rejects_partner</c>. Clearing the stored fingerprint makes the next catch-up re-rate the
    /// unbilled usage, which fills the new columns of its rejects; rejects of invoiced usage stored before this
    /// script keep NULLs (listed to the operator only).
    /// </summary>
    public static readonly SchemaScript RejectDetails = new("0700-rating-reject-details", 700, """
        ALTER TABLE rating_rejects ADD COLUMN partner_id TEXT;
        ALTER TABLE rating_rejects ADD COLUMN entitlement_id TEXT;
        ALTER TABLE rating_rejects ADD COLUMN resource_uri TEXT;
        ALTER TABLE rating_rejects ADD COLUMN meter_id TEXT;
        ALTER TABLE rating_rejects ADD COLUMN usage_start INTEGER;
        ALTER TABLE rating_rejects ADD COLUMN quantity TEXT;
        CREATE INDEX ix_rating_rejects_partner ON rating_rejects (partner_id, usage_record_id);
        DELETE FROM rating_state WHERE name = 'fingerprint';
        """);

    /// <summary>
    /// <c>carried_records</c> are the ledger sequences of records of a closed period that its close did not
    /// bill because rating rejected them (no price or exchange rate yet, …). Rating keeps trying them with
    /// every change of the reference data; once one rates, its line is late usage of its month, billed on the
    /// next open invoice, and that close drops it from the table. Rejects remember their record's sequence
    /// for this; clearing the stored fingerprint re-rates the unbilled usage so that its rejects get one.
    /// </summary>
    public static readonly SchemaScript CarriedRecords = new("0900-carried-records", 900, """
        ALTER TABLE rating_rejects ADD COLUMN seq INTEGER;
        CREATE TABLE carried_records (seq INTEGER PRIMARY KEY);
        DELETE FROM rating_state WHERE name = 'fingerprint';
        """);
}
