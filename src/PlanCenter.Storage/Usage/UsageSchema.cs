namespace PlanCenter.Storage.Usage;

/// <summary>The raw-SQL tables of usage ingestion (bulk path, not EF).</summary>
public static class UsageSchema
{
    /// <summary>
    /// <c>usage_records</c> is append-only in arrival order (<c>seq</c> is the rowid, so inserts are appends);
    /// <c>key_hi</c>/<c>key_lo</c> are the 128-bit idempotency key of the usage record id, which the ledger
    /// keeps in memory and re-reads at start. Instants are UTC ticks; quantities are the validated text.
    /// To keep rows compact, the Azure subscription, the resource id (exact spelling) and the meter are
    /// references into <c>usage_refs</c> (kinds <c>E</c>, <c>R</c>, <c>M</c>, and <c>L</c>/<c>S</c> for ResourceLocation and
    /// ConsumedService), and <c>usage_record_id</c> is NULL when the id is a lower-case GUID (the key holds it);
    /// <c>usage_records_view</c> gives every field back as text.
    /// </summary>
    public static readonly SchemaScript Tables = new("0200-usage-tables", 200, """
        CREATE TABLE usage_batches (
            batch_id INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            source TEXT NOT NULL,
            submitter TEXT,
            received INTEGER NOT NULL,
            accepted INTEGER NOT NULL,
            duplicates INTEGER NOT NULL,
            rejected INTEGER NOT NULL
        );
        CREATE TABLE usage_records (
            seq INTEGER PRIMARY KEY,
            key_hi INTEGER NOT NULL,
            key_lo INTEGER NOT NULL,
            batch_id INTEGER NOT NULL,
            usage_record_id TEXT,
            entitlement_ref INTEGER NOT NULL,
            resource_ref INTEGER NOT NULL,
            meter_ref INTEGER NOT NULL,
            usage_start INTEGER NOT NULL,
            quantity TEXT NOT NULL,
            location_ref INTEGER,
            service_ref INTEGER,
            tags TEXT,
            additional_info TEXT,
            service_info1 TEXT,
            service_info2 TEXT
        );
        CREATE TABLE usage_refs (
            ref INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            value TEXT NOT NULL,
            UNIQUE (kind, value)
        );
        CREATE VIEW usage_records_view AS
            SELECT r.seq, r.batch_id,
                   COALESCE(r.usage_record_id, printf('%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x',
                       r.key_hi & 4294967295, (r.key_hi >> 32) & 65535, (r.key_hi >> 48) & 65535,
                       r.key_lo & 255, (r.key_lo >> 8) & 255, (r.key_lo >> 16) & 255, (r.key_lo >> 24) & 255,
                       (r.key_lo >> 32) & 255, (r.key_lo >> 40) & 255, (r.key_lo >> 48) & 255, (r.key_lo >> 56) & 255)) AS usage_record_id,
                   e.value AS entitlement_id, u.value AS resource_uri, m.value AS meter_id, r.usage_start, r.quantity,
                   l.value AS resource_location, s.value AS consumed_service, r.tags, r.additional_info, r.service_info1, r.service_info2
            FROM usage_records r
            JOIN usage_refs e ON e.ref = r.entitlement_ref
            JOIN usage_refs u ON u.ref = r.resource_ref
            JOIN usage_refs m ON m.ref = r.meter_ref
            LEFT JOIN usage_refs l ON l.ref = r.location_ref
            LEFT JOIN usage_refs s ON s.ref = r.service_ref;
        CREATE TABLE usage_rejects (
            seq INTEGER PRIMARY KEY,
            key_hi INTEGER,
            key_lo INTEGER,
            batch_id INTEGER NOT NULL,
            partner_id TEXT,
            line_number INTEGER NOT NULL,
            reason TEXT NOT NULL,
            detail TEXT NOT NULL,
            usage_record_id TEXT,
            entitlement_id TEXT,
            resource_uri TEXT,
            meter_id TEXT,
            usage_start TEXT,
            quantity TEXT
        );
        CREATE INDEX ix_usage_rejects_partner ON usage_rejects (partner_id, seq);
        CREATE TABLE azure_resources (
            arm_key TEXT NOT NULL PRIMARY KEY,
            arm_id TEXT NOT NULL,
            subscription_id TEXT NOT NULL,
            resource_group TEXT,
            kind TEXT NOT NULL,
            first_seen INTEGER NOT NULL,
            source TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_azure_resources_subscription ON azure_resources (subscription_id, arm_key);
        """);
}
