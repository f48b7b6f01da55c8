namespace PlanCenter.Storage.Billing;

/// <summary>The raw-SQL tables of the month close (issue 6).</summary>
public static class BillingSchema
{
    /// <summary>
    /// Rated lines gain <c>bill_period</c>, the billing period whose invoice bills them: their usage month,
    /// or for late usage of a closed month the oldest open period (billing-rules §4). It leads the primary
    /// key, so a late line can sit beside the billed line of the same resource-day, and one partner's lines
    /// of one invoice (or of the unbilled period) are one seek range. Lines whose <c>bill_period</c> is
    /// closed are invoiced and never rewritten. <c>ix_rated_usage_lines_close</c> covers what the close
    /// sums, in group order (billing-rules §4), so the close scans a narrow index instead of the wide rows.
    /// <c>invoices</c> are the issued G invoices (one per partner, currency and period), their recon lines
    /// are rendered once with the invoice number, and <c>invoice_documents</c> keeps the statement PDF
    /// made on first request. <c>invoice_number_seq</c> hands out numbers that are never reused.
    /// </summary>
    public static readonly SchemaScript Tables = new("0400-billing-tables", 400, """
        CREATE TABLE rated_usage_lines_billed (
            partner_id TEXT NOT NULL,
            bill_period TEXT NOT NULL,
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
            PRIMARY KEY (partner_id, bill_period, entitlement_key, usage_date, meter_key, resource_key)
        ) WITHOUT ROWID;
        INSERT INTO rated_usage_lines_billed
            SELECT partner_id, period, period, entitlement_key, usage_date, meter_key, resource_key, plan_id, customer_id, billing_currency,
                   has_pec, resource_uri, quantity, latest_start, latest_record_id, resource_location, consumed_service, tags, additional_info,
                   service_info1, service_info2, unit_price, effective_unit_price, pricing_total, billing_total, fx_rate, pec_percentage,
                   json_item, csv_row
            FROM rated_usage_lines;
        DROP TABLE rated_usage_lines;
        ALTER TABLE rated_usage_lines_billed RENAME TO rated_usage_lines;
        CREATE INDEX ix_rated_usage_lines_pmm ON rated_usage_lines (plan_id, meter_key, period);
        CREATE INDEX ix_rated_usage_lines_close ON rated_usage_lines (bill_period, partner_id, billing_currency, period, customer_id, plan_id,
            meter_key, pec_percentage, usage_date, quantity, unit_price, effective_unit_price, pricing_total, fx_rate);
        CREATE TABLE invoice_number_seq (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last INTEGER NOT NULL
        );
        INSERT INTO invoice_number_seq (id, last) VALUES (1, 0);
        CREATE TABLE billing_closes (
            period TEXT NOT NULL PRIMARY KEY,
            closed_at INTEGER NOT NULL,
            through_seq INTEGER NOT NULL,
            invoices INTEGER NOT NULL,
            lines INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE invoices (
            invoice_id TEXT NOT NULL PRIMARY KEY,
            partner_id TEXT NOT NULL,
            currency TEXT NOT NULL,
            period TEXT NOT NULL,
            invoice_date INTEGER NOT NULL,
            subtotal TEXT NOT NULL,
            tax_total TEXT NOT NULL,
            total TEXT NOT NULL,
            usage_lines INTEGER NOT NULL,
            recon_lines INTEGER NOT NULL,
            UNIQUE (partner_id, period, currency)
        ) WITHOUT ROWID;
        CREATE INDEX ix_invoices_partner_date ON invoices (partner_id, invoice_date, invoice_id);
        CREATE TABLE invoice_recon_lines (
            invoice_id TEXT NOT NULL,
            ordinal INTEGER NOT NULL,
            customer_id TEXT NOT NULL,
            customer_name TEXT,
            customer_domain TEXT,
            has_pec INTEGER NOT NULL,
            subtotal TEXT NOT NULL,
            tax_total TEXT NOT NULL,
            json_item BLOB NOT NULL,
            csv_row BLOB NOT NULL,
            PRIMARY KEY (invoice_id, ordinal)
        ) WITHOUT ROWID;
        CREATE TABLE invoice_documents (
            invoice_id TEXT NOT NULL PRIMARY KEY,
            pdf BLOB NOT NULL
        ) WITHOUT ROWID;
        """);

    /// <summary>
    /// Each recon line also keeps its record of the asynchronous export (api.md §14.3 names, rendered once
    /// when the invoice is issued), so exporting an invoice is copying and compressing stored bytes. Invoices
    /// issued before this script have none; their export renders the record from the stored CSV row.
    /// </summary>
    public static readonly SchemaScript ReconExportRecords = new("0800-recon-export-records", 800,
        "ALTER TABLE invoice_recon_lines ADD COLUMN export_json BLOB;");
}
