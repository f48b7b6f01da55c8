using System.Globalization;
using Microsoft.Data.Sqlite;
using PlanCenter.Application.Pricing;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Pricing;

/// <summary>
/// Monthly FX rates (billing-rules §1.2). An import is all-or-nothing; a rate for a currency and month
/// already stored is replaced by the newer file's, other months are kept.
/// </summary>
public sealed class FxRateStore(SqliteDatabase database, TimeProvider clock)
{
    /// <summary>Imports a <c>CurrencyCode,USDPerUnit,Month</c> file; returns the number of rates stored.</summary>
    /// <exception cref="ImportRejectedException">The file has bad rows; nothing was stored.</exception>
    public async Task<int> ImportAsync(Stream stream, string fileName, CancellationToken ct)
    {
        var errors = new List<ImportError>();
        var rates = FxCsvReader.Read(stream, errors);
        if (errors.Count == 0 && rates.Count == 0)
        {
            errors.Add(new ImportError(1, "*", "the file has no rates"));
        }

        if (errors.Count > 0)
        {
            throw new ImportRejectedException(Path.GetFileName(fileName), [.. errors.OrderBy(e => e.Line)]);
        }

        await using var connection = await database.OpenAsync(ct);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT OR REPLACE INTO fx_rates (currency, month, usd_per_unit, imported_at) VALUES ($currency, $month, $usd, $at);";
        var currency = insert.Parameters.Add("$currency", SqliteType.Text);
        var month = insert.Parameters.Add("$month", SqliteType.Text);
        var usd = insert.Parameters.Add("$usd", SqliteType.Text);
        insert.Parameters.AddWithValue("$at", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        foreach (var rate in rates)
        {
            currency.Value = rate.CurrencyCode;
            month.Value = Month(rate.Month);
            usd.Value = DecimalText.Format(rate.UsdPerUnit);
            await insert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return rates.Count;
    }

    /// <summary>The rates of one month, by currency.</summary>
    public async Task<IReadOnlyList<FxRate>> ForMonthAsync(DateOnly month, CancellationToken ct)
    {
        var rates = new List<FxRate>();
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT currency, usd_per_unit FROM fx_rates WHERE month = $month ORDER BY currency;";
        command.Parameters.AddWithValue("$month", Month(month));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rates.Add(new FxRate(reader.GetString(0), decimal.Parse(reader.GetString(1), NumberStyles.Float, CultureInfo.InvariantCulture), new DateOnly(month.Year, month.Month, 1), 0));
        }

        return rates;
    }

    /// <summary>Every stored rate as the rating engine reads it.</summary>
    public async Task<ExchangeRateTable> LoadTableAsync(CancellationToken ct)
    {
        var rows = new List<(string, decimal, DateOnly, long)>();
        await using var connection = await database.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT currency, usd_per_unit, month FROM fx_rates;";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            _ = UtcText.TryParseMonth(reader.GetString(2), out var month);
            rows.Add((reader.GetString(0), decimal.Parse(reader.GetString(1), NumberStyles.Float, CultureInfo.InvariantCulture), month, 0));
        }

        return ExchangeRateTable.Build(rows, "fx_rates");
    }

    private static string Month(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
