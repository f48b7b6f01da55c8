namespace PlanCenter.Storage.Pricing;

/// <summary>
/// The price list, its versions and the FX rates, as raw SQLite tables (a bulk path, outside the EF model).
/// Every import is a version; rows are never deleted, so every earlier month stays downloadable. Money
/// and tier minimums are stored as invariant decimal text (exact), dates as <c>yyyy-MM-dd</c>.
/// </summary>
public static class PricingSchema
{
    public static readonly SchemaScript Tables = new("0100-pricing-tables", 100, """
        CREATE TABLE price_list_versions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            from_month TEXT NULL,
            source TEXT NOT NULL,
            file_name TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            row_count INTEGER NOT NULL
        );
        CREATE TABLE price_rows (
            version_id INTEGER NOT NULL,
            line INTEGER NOT NULL,
            meter_id TEXT NOT NULL,
            first_day TEXT NOT NULL,
            last_day TEXT NULL,
            tier_min TEXT NOT NULL,
            unit_price TEXT NOT NULL,
            tags INTEGER NOT NULL,
            product_title TEXT NULL,
            product_id TEXT NULL,
            sku_id TEXT NULL,
            sku_title TEXT NULL,
            publisher TEXT NULL,
            sku_description TEXT NULL,
            unit_of_measure TEXT NULL,
            term_duration TEXT NULL,
            meter_type TEXT NULL,
            meter_name TEXT NULL,
            meter_category TEXT NULL,
            meter_subcategory TEXT NULL,
            meter_region TEXT NULL,
            availability_id TEXT NULL,
            region_id TEXT NULL,
            region_name TEXT NULL,
            pricing_block_size TEXT NULL,
            distinct_units TEXT NULL,
            service_category TEXT NULL
        );
        CREATE INDEX ix_price_rows_version_meter ON price_rows (version_id, meter_id, first_day, last_day);
        CREATE TABLE fx_rates (
            currency TEXT NOT NULL,
            month TEXT NOT NULL,
            usd_per_unit TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            PRIMARY KEY (currency, month)
        );
        """);
}
