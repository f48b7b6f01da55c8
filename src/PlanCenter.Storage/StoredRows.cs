using System.Buffers;
using Microsoft.Data.Sqlite;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Storage;

/// <summary>Copies wire forms stored with their rows (JSON items, CSV rows) from a reader to a response.</summary>
internal static class StoredRows
{
    private const int FlushEvery = 256;

    /// <summary>
    /// Copies column 0 of each row to <paramref name="output"/>: JSON items separated by commas, or CSV rows as
    /// they are. A non-empty <paramref name="invoiceNumber"/> is written into the empty slot a line rendered
    /// unbilled keeps for it (<see cref="RatedLineRendering.InvoiceNumberSlot"/>). At most <paramref name="limit"/>
    /// rows (≤ 0: all; the query should ask for one more, which tells whether more follow);
    /// <paramref name="atLimit"/> sees the reader on the last row of a full page, to take its seek key.
    /// <paramref name="flush"/> is awaited every 256 rows. Returns the rows written and whether more follow.
    /// </summary>
    public static async Task<(int Rows, bool More)> CopyAsync(SqliteDataReader reader, int limit, bool json, byte[] invoiceNumber,
        IBufferWriter<byte> output, Func<CancellationToken, ValueTask> flush, Action<SqliteDataReader> atLimit, CancellationToken ct)
    {
        var rows = 0;
        while (reader.Read())
        {
            if (limit > 0 && rows == limit)
            {
                return (rows, true);
            }

            // GetFieldValue<byte[]> is one copy; GetBytes opens an incremental blob handle per call, 20× slower here.
            var row = reader.GetFieldValue<byte[]>(0);
            var length = row.Length;
            var separator = json && rows > 0 ? 1 : 0;
            var slot = invoiceNumber.Length == 0 ? length : RatedLineRendering.InvoiceNumberSlot(row, json);
            var span = output.GetSpan(separator + length + invoiceNumber.Length);
            if (separator == 1)
            {
                span[0] = (byte)',';
            }

            row.AsSpan(0, slot).CopyTo(span[separator..]);
            invoiceNumber.CopyTo(span[(separator + slot)..]);
            row.AsSpan(slot).CopyTo(span[(separator + slot + invoiceNumber.Length)..]);
            output.Advance(separator + length + invoiceNumber.Length);
            if (++rows % FlushEvery == 0)
            {
                await flush(ct);
            }

            if (limit > 0 && rows == limit)
            {
                atLimit(reader);
            }
        }

        return (rows, false);
    }
}
