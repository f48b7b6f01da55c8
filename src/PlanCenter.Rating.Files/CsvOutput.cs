using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using nietras.SeparatedValues;

namespace PlanCenter.Rating.Files;

/// <summary>A CSV output written with Sep: comma separator, RFC 4180 escaping, <c>\n</c> line ends, header always written.</summary>
public sealed class CsvOutput : IDisposable
{
    private readonly SepWriter _writer;
    private readonly string[] _headers;

    private CsvOutput(SepWriter writer, IReadOnlyList<string> headers)
    {
        _writer = writer;
        _headers = [.. headers];
        _writer.Header.Add(_headers);
        _writer.Header.Write();
    }

    /// <summary>The number of data rows written.</summary>
    public long RowCount { get; private set; }

    /// <summary>Creates (or overwrites) <paramref name="path"/>.</summary>
    public static CsvOutput ToFile(string path, IReadOnlyList<string> headers) =>
        new(new Sep(',').Writer(o => o with { Escape = true })
            .To(new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20), leaveOpen: false), headers);

    /// <summary>Writes to a text writer (left open).</summary>
    public static CsvOutput ToWriter(TextWriter writer, IReadOnlyList<string> headers) =>
        new(new Sep(',').Writer(o => o with { Escape = true }).To(writer, leaveOpen: true), headers);

    /// <summary>Writes one row; null cells are empty.</summary>
    public void WriteRow(ReadOnlySpan<string?> cells)
    {
        using var row = _writer.NewRow();
        for (var i = 0; i < _headers.Length; i++)
        {
            row[i].Set(cells[i]);
        }

        RowCount++;
    }

    /// <summary>
    /// Writes a row per item, in order; <paramref name="fill"/> sets an item's cells (all of them) on a second
    /// thread, <paramref name="batchRows"/> rows at a time and a few batches ahead, while this one writes.
    /// </summary>
    internal void WriteRows<T>(IReadOnlyList<T> items, Action<T, string?[]> fill, int batchRows = 1024)
    {
        using var ready = new BlockingCollection<(string?[][] Rows, int Count)>(4);
        var free = new ConcurrentQueue<string?[][]>();
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? error = null;
        var formatter = new Thread(() =>
        {
            try
            {
                for (var start = 0; start < items.Count && !stop.IsCancellationRequested; start += batchRows)
                {
                    var rows = free.TryDequeue(out var reused) ? reused : NewBatch(batchRows, _headers.Length);
                    var count = Math.Min(batchRows, items.Count - start);
                    for (var i = 0; i < count; i++)
                    {
                        Array.Clear(rows[i]);
                        fill(items[start + i], rows[i]);
                    }

                    ready.Add((rows, count), stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                ready.CompleteAdding();
            }
        })
        { IsBackground = true, Name = "csv formatting" };
        formatter.Start();
        try
        {
            foreach (var (rows, count) in ready.GetConsumingEnumerable())
            {
                for (var i = 0; i < count; i++)
                {
                    WriteRow(rows[i]);
                }

                free.Enqueue(rows);
            }
        }
        finally
        {
            stop.Cancel();
            formatter.Join();
        }

        error?.Throw();

        static string?[][] NewBatch(int rows, int columns)
        {
            var batch = new string?[rows][];
            for (var i = 0; i < rows; i++)
            {
                batch[i] = new string?[columns];
            }

            return batch;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
