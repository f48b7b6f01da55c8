using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanCenter.Application.Pricing;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Pricing;

/// <summary>The two price list file formats.</summary>
public enum PriceFileFormat
{
    /// <summary>Partner Center's price list CSV (billing-rules §1.1).</summary>
    PartnerCenterCsv,

    /// <summary>Azure Retail Prices API items (JSON).</summary>
    RetailPricesJson,
}

/// <summary>A committed price list import.</summary>
/// <param name="VersionId">The new version.</param>
/// <param name="FromMonth">First month it prices (null: every month, it was the first import).</param>
/// <param name="Rows">Rows stored.</param>
/// <param name="Skipped">Retail JSON only: items of other types, and repeated listings of one meter price.</param>
public sealed record PriceImportResult(long VersionId, DateOnly? FromMonth, int Rows, RetailReadSummary Skipped);

/// <summary>
/// Imports, versions and serves the Azure plan price list (raw ADO.NET over <see cref="SqliteDatabase"/>).
/// An import runs in one transaction with one prepared insert: either every row is stored as a new
/// version, or (any bad row) nothing is and every bad row is reported. A version prices the months from
/// its <c>from_month</c> on until a later import's; nothing is deleted, so earlier months keep their prices.
/// </summary>
public sealed class PriceListStore(SqliteDatabase database, TimeProvider clock)
{
    private const string RowColumns =
        "product_title, product_id, sku_id, sku_title, publisher, sku_description, unit_of_measure, term_duration, unit_price, tier_min, "
        + "first_day, last_day, meter_id, meter_type, tags, meter_name, meter_category, meter_subcategory, meter_region, availability_id, "
        + "line, region_id, region_name, pricing_block_size, distinct_units, service_category";

    private readonly SemaphoreSlim _historyLock = new(1, 1);
    private (long Version, PriceListHistory History)? _history;

    /// <summary>Picks the format from the file name (<c>.json</c>) or, failing that, the first character.</summary>
    public static PriceFileFormat Detect(string fileName, ReadOnlySpan<byte> head)
    {
        if (fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return PriceFileFormat.RetailPricesJson;
        }

        if (fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return PriceFileFormat.PartnerCenterCsv;
        }

        var text = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
        var trimmed = text.TrimStart(" \t\r\n"u8);
        return trimmed.Length > 0 && trimmed[0] is (byte)'[' or (byte)'{' ? PriceFileFormat.RetailPricesJson : PriceFileFormat.PartnerCenterCsv;
    }

    /// <summary>
    /// Imports a price list. <paramref name="fromMonth"/> (a month's first day) is where the new version
    /// takes over; by default the first import prices every month and later ones the current month on.
    /// <paramref name="onProgress"/> is told the number of rows read, every 10,000 rows.
    /// </summary>
    /// <exception cref="ImportRejectedException">The file has bad rows; nothing was stored.</exception>
    public async Task<PriceImportResult> ImportAsync(Stream stream, PriceFileFormat format, string fileName, DateOnly? fromMonth,
        Action<long>? onProgress, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;";
            await pragma.ExecuteNonQueryAsync(ct);
        }

        await using var transaction = connection.BeginTransaction(deferred: false);
        if (fromMonth is null && await ScalarAsync(connection, transaction, "SELECT COUNT(*) FROM price_list_versions;", ct) > 0)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            fromMonth = new DateOnly(today.Year, today.Month, 1);
        }

        long versionId;
        await using (var version = connection.CreateCommand())
        {
            version.Transaction = transaction;
            version.CommandText = """
                INSERT INTO price_list_versions (from_month, source, file_name, imported_at, row_count) VALUES ($from, $source, $file, $at, 0);
                SELECT last_insert_rowid();
                """;
            version.Parameters.AddWithValue("$from", fromMonth is { } f ? Day(new DateOnly(f.Year, f.Month, 1)) : DBNull.Value);
            version.Parameters.AddWithValue("$source", format == PriceFileFormat.RetailPricesJson ? "retail-json" : "csv");
            version.Parameters.AddWithValue("$file", Path.GetFileName(fileName));
            version.Parameters.AddWithValue("$at", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            versionId = (long)(await version.ExecuteScalarAsync(ct))!;
        }

        var errors = new List<ImportError>();
        var checker = new PriceListChecker();
        var rows = 0;
        var skipped = new RetailReadSummary(0, 0);
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            var names = RowColumns.Split(", ");
            insert.CommandText = $"INSERT INTO price_rows (version_id, {RowColumns}) VALUES ($version, {string.Join(", ", names.Select(n => "$" + n))});";
            insert.Parameters.AddWithValue("$version", versionId);
            var p = names.Select(n => insert.Parameters.Add("$" + n, SqliteType.Text)).ToArray();
            insert.Prepare();

            void Store(PriceListEntry e)
            {
                checker.Add(e);
                rows++;
                if (rows % 10_000 == 0)
                {
                    onProgress?.Invoke(rows);
                }

                if (errors.Count > 0)
                {
                    return; // the import will fail; keep reading only to report every bad row
                }

                Set(p[0], e.ProductTitle);
                Set(p[1], e.ProductId);
                Set(p[2], e.SkuId);
                Set(p[3], e.SkuTitle);
                Set(p[4], e.Publisher);
                Set(p[5], e.SkuDescription);
                Set(p[6], e.UnitOfMeasure);
                Set(p[7], e.TermDuration);
                p[8].Value = DecimalText.Format(e.UnitPrice);
                p[9].Value = DecimalText.Format(e.TierMinimum);
                p[10].Value = Day(e.FirstDay);
                p[11].Value = e.LastDay is { } last ? Day(last) : DBNull.Value;
                p[12].Value = e.MeterId.ToString();
                Set(p[13], e.MeterType);
                p[14].Value = (long)e.Tags;
                Set(p[15], e.MeterName);
                Set(p[16], e.MeterCategory);
                Set(p[17], e.MeterSubCategory);
                Set(p[18], e.MeterRegion);
                Set(p[19], e.AvailabilityId);
                p[20].Value = e.LineNumber;
                Set(p[21], e.RegionId);
                Set(p[22], e.RegionName);
                p[23].Value = e.PricingBlockSize is { } size ? DecimalText.Format(size) : DBNull.Value;
                Set(p[24], e.DistinctUnits);
                Set(p[25], e.ServiceCategory);
                insert.ExecuteNonQuery();
            }

            if (format == PriceFileFormat.RetailPricesJson)
            {
                skipped = RetailPricesJsonReader.Read(stream, Store, errors);
            }
            else
            {
                PriceListCsvReader.Read(stream, Store, errors);
            }
        }

        checker.Check(errors);
        if (errors.Count == 0 && rows == 0)
        {
            errors.Add(new ImportError(1, "*", "the file has no price rows"));
        }

        if (errors.Count > 0)
        {
            await transaction.RollbackAsync(ct);
            throw new ImportRejectedException(Path.GetFileName(fileName), [.. errors.OrderBy(e => e.Line).ThenBy(e => e.Column, StringComparer.Ordinal)]);
        }

        await using (var count = connection.CreateCommand())
        {
            count.Transaction = transaction;
            count.CommandText = "UPDATE price_list_versions SET row_count = $rows WHERE id = $id;";
            count.Parameters.AddWithValue("$rows", rows);
            count.Parameters.AddWithValue("$id", versionId);
            await count.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        onProgress?.Invoke(rows);
        return new PriceImportResult(versionId, fromMonth, rows, skipped);
    }

    /// <summary>The version that prices <paramref name="month"/>, or null when no import covers it.</summary>
    public async Task<long?> VersionForMonthAsync(DateOnly month, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM price_list_versions WHERE from_month IS NULL OR from_month <= $month ORDER BY id DESC LIMIT 1;";
        command.Parameters.AddWithValue("$month", Day(new DateOnly(month.Year, month.Month, 1)));
        return await command.ExecuteScalarAsync(ct) is long id ? id : null;
    }

    /// <summary>
    /// Streams the price sheet of version <paramref name="versionId"/>: rows tagged <paramref name="tag"/>
    /// effective on any day from <paramref name="from"/> to <paramref name="to"/>, by meter and period, tiers
    /// by minimum; <c>PricingTierRangeMax</c> is the next tier's minimum. Writes the header even when empty.
    /// </summary>
    public async Task<long> WriteSheetAsync(CsvFieldWriter csv, long? versionId, string market, PriceTags tag, DateOnly from, DateOnly to, CancellationToken ct)
    {
        foreach (var column in PriceSheetColumns.All)
        {
            csv.Field(column);
        }

        await csv.EndRowAsync(ct);
        if (versionId is null)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {RowColumns} FROM price_rows
            WHERE version_id = $version AND (tags & $tag) != 0 AND first_day <= $to AND (last_day IS NULL OR last_day >= $from)
            ORDER BY meter_id, first_day, last_day;
            """;
        command.Parameters.AddWithValue("$version", versionId.Value);
        command.Parameters.AddWithValue("$tag", (long)tag);
        command.Parameters.AddWithValue("$from", Day(from));
        command.Parameters.AddWithValue("$to", Day(to));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var period = new List<string[]>();
        (string Meter, string First, string? Last) key = default;
        long written = 0;
        while (await reader.ReadAsync(ct))
        {
            var values = new string[20];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = i == 14 ? TagTexts[reader.GetInt64(i) & 15] : reader.IsDBNull(i) ? string.Empty : reader.GetString(i);
            }

            var rowKey = (values[12], values[10], (string?)values[11]);
            if (period.Count > 0 && rowKey != key)
            {
                written += await FlushPeriodAsync(csv, period, market, ct);
            }

            key = rowKey;
            period.Add(values);
        }

        written += await FlushPeriodAsync(csv, period, market, ct);
        return written;
    }

    /// <summary>The text of every combination of the four tags, by flag value.</summary>
    private static readonly string[] TagTexts = [.. Enumerable.Range(0, 16).Select(t => PriceTagText.Format((PriceTags)t))];

    private static async ValueTask<int> FlushPeriodAsync(CsvFieldWriter csv, List<string[]> period, string market, CancellationToken ct)
    {
        if (period.Count > 1)
        {
            // Tiers by minimum (stored as text, so compared as numbers here); most periods have one tier.
            period.Sort(static (a, b) => decimal.Parse(a[9], NumberStyles.Float, CultureInfo.InvariantCulture)
                .CompareTo(decimal.Parse(b[9], NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        for (var t = 0; t < period.Count; t++)
        {
            var v = period[t];
            for (var i = 0; i < 8; i++)
            {
                csv.Field(v[i]);
            }

            csv.Field(market);
            csv.Field("USD");
            csv.Field(v[8]);
            csv.Field(v[9]);
            csv.Field(t + 1 < period.Count ? period[t + 1][9] : string.Empty);
            csv.Field(v[10]);
            csv.Field(v[11]);
            csv.Field(v[12]);
            csv.Field(v[13]);
            csv.Field(v[14]);
            for (var i = 15; i < 20; i++)
            {
                csv.Field(v[i]);
            }

            await csv.EndRowAsync(ct);
        }

        var count = period.Count;
        period.Clear();
        return count;
    }

    /// <summary>
    /// Every version still in effect for some month, as the rating engine reads it (Consumption rows only),
    /// cached until the next import.
    /// </summary>
    public async Task<PriceListHistory> GetHistoryAsync(CancellationToken ct) => (await GetVersionedHistoryAsync(ct)).History;

    /// <summary>
    /// The stamp of the stored price list: the id of the latest committed import (0: none). An import's
    /// version row is written in the import's transaction, so the stamp changes exactly when an import commits.
    /// </summary>
    public async Task<long> LatestVersionAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await ScalarAsync(connection, null, "SELECT COALESCE(MAX(id), 0) FROM price_list_versions;", ct);
    }

    /// <summary><see cref="GetHistoryAsync"/> with the stamp (<see cref="LatestVersionAsync"/>) it was read at.</summary>
    public async Task<(long Version, PriceListHistory History)> GetVersionedHistoryAsync(CancellationToken ct)
    {
        await _historyLock.WaitAsync(ct);
        try
        {
            await using var connection = await database.OpenAsync(ct);
            var latest = await ScalarAsync(connection, null, "SELECT COALESCE(MAX(id), 0) FROM price_list_versions;", ct);
            if (_history is { } cached && cached.Version == latest)
            {
                return cached;
            }

            var versions = new List<(long Id, DateOnly? From)>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT id, from_month FROM price_list_versions ORDER BY id;";
                await using var reader = await list.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    versions.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : ParseDay(reader.GetString(1))));
                }
            }

            // A version whose every month a later import took over is never used: skip loading it.
            var live = new List<(long Id, DateOnly? From)>();
            foreach (var version in versions)
            {
                live.RemoveAll(v => version.From is null || (v.From is not null && v.From >= version.From));
                live.Add(version);
            }

            var sheets = new List<(DateOnly?, PriceSheet)>();
            foreach (var (id, from) in live)
            {
                var rows = new List<PriceRow>();
                await ReadEntriesAsync(connection, id, PriceTags.Consumption, e => rows.Add(e.ToPriceRow()), ct);
                sheets.Add((from, PriceSheet.Build(rows, $"price list version {id}")));
            }

            var history = new PriceListHistory(sheets);
            _history = (latest, history);
            return (latest, history);
        }
        finally
        {
            _historyLock.Release();
        }
    }

    /// <summary>The catalog entry (lowest tier row) of a meter on a day, with its normalised attributes.</summary>
    public async Task<PriceListEntry?> FindMeterAsync(MeterId meter, DateOnly day, CancellationToken ct)
    {
        var version = await VersionForMonthAsync(day, ct);
        if (version is null)
        {
            return null;
        }

        await using var connection = await database.OpenAsync(ct);
        PriceListEntry? found = null;
        await ReadEntriesAsync(connection, version.Value, PriceTags.None, e =>
        {
            if (e.MeterId == meter && e.FirstDay <= day && (e.LastDay is null || day <= e.LastDay) && (found is null || e.TierMinimum < found.TierMinimum))
            {
                found = e;
            }
        }, ct, meter);
        return found;
    }

    private static async Task ReadEntriesAsync(SqliteConnection connection, long versionId, PriceTags tag, Action<PriceListEntry> onEntry, CancellationToken ct, MeterId? meter = null)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {RowColumns} FROM price_rows WHERE version_id = $version AND ($tag = 0 OR (tags & $tag) != 0)"
            + (meter is null ? ";" : " AND meter_id = $meter;");
        command.Parameters.AddWithValue("$version", versionId);
        command.Parameters.AddWithValue("$tag", (long)tag);
        if (meter is { } m)
        {
            command.Parameters.AddWithValue("$meter", m.ToString());
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            string? S(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            onEntry(new PriceListEntry
            {
                ProductTitle = S(0),
                ProductId = S(1),
                SkuId = S(2),
                SkuTitle = S(3),
                Publisher = S(4),
                SkuDescription = S(5),
                UnitOfMeasure = S(6),
                TermDuration = S(7),
                UnitPrice = decimal.Parse(reader.GetString(8), NumberStyles.Float, CultureInfo.InvariantCulture),
                TierMinimum = decimal.Parse(reader.GetString(9), NumberStyles.Float, CultureInfo.InvariantCulture),
                FirstDay = ParseDay(reader.GetString(10)),
                LastDay = reader.IsDBNull(11) ? null : ParseDay(reader.GetString(11)),
                MeterId = new MeterId(Guid.Parse(reader.GetString(12))),
                MeterType = S(13),
                Tags = (PriceTags)reader.GetInt64(14),
                MeterName = S(15),
                MeterCategory = S(16),
                MeterSubCategory = S(17),
                MeterRegion = S(18),
                AvailabilityId = S(19),
                LineNumber = reader.GetInt64(20),
                RegionId = S(21),
                RegionName = S(22),
                PricingBlockSize = S(23) is { } size ? decimal.Parse(size, NumberStyles.Float, CultureInfo.InvariantCulture) : null,
                DistinctUnits = S(24),
                ServiceCategory = S(25),
            });
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private static void Set(SqliteParameter parameter, string? value) => parameter.Value = value is null ? DBNull.Value : value;

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static DateOnly ParseDay(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
