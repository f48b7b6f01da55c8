namespace PlanCenter.Storage.Exports;

/// <summary>The raw-SQL tables of the asynchronous reconciliation export (api.md §14.1).</summary>
public static class ExportSchema
{
    /// <summary>
    /// <c>export_operations</c> holds one row per export request: what was asked (kind, currency, usage month
    /// or invoice, attribute set), where it stands (status, progress, error) and, once it succeeded, its
    /// manifest (id, blob count, eTag). The blobs themselves are files under the export folder
    /// (<see cref="ExportFiles"/>). <c>runner_id</c> is the process that owns an unfinished operation, so a
    /// restart can tell which ones it interrupted. Times are UTC ticks. <c>export_keys</c> keeps the key that
    /// signs SAS tokens, so tokens survive a restart.
    /// </summary>
    public static readonly SchemaScript Tables = new("0600-exports", 600, """
        CREATE TABLE export_operations (
            id TEXT NOT NULL PRIMARY KEY,
            partner_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            currency TEXT,
            usage_month TEXT,
            invoice_id TEXT,
            attribute_set TEXT NOT NULL,
            status TEXT NOT NULL,
            runner_id TEXT NOT NULL,
            created_ticks INTEGER NOT NULL,
            last_action_ticks INTEGER NOT NULL,
            records_done INTEGER NOT NULL DEFAULT 0,
            records_total INTEGER,
            error_code TEXT,
            error_message TEXT,
            manifest_id TEXT UNIQUE,
            blob_count INTEGER,
            etag TEXT,
            expires_ticks INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX ix_export_operations_partner ON export_operations (partner_id, created_ticks);
        CREATE TABLE export_keys (
            name TEXT NOT NULL PRIMARY KEY,
            value BLOB NOT NULL
        ) WITHOUT ROWID;
        """);
}
