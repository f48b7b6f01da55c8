using System.Threading.Channels;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Usage;

/// <summary>
/// Ingests a long input in batches, reading and parsing the next batch on another thread while the
/// ledger validates and commits the current one (two cores, two stages). Batches commit in input order.
/// </summary>
public static class UsageBatchPipeline
{
    public static async Task IngestAsync(IEnumerable<UsageRow> rows, int batchSize, IUsageLedger ledger, PartnerTenantId? submitter, string source,
        Action<UsageIngestResult> onBatch, CancellationToken ct)
    {
        var channel = Channel.CreateBounded<List<UsageRow>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        // Batch lists go back and forth instead of being reallocated: large arrays would cost a full GC each.
        var free = new System.Collections.Concurrent.ConcurrentQueue<List<UsageRow>>();
        List<UsageRow> Rent() => free.TryDequeue(out var list) ? list : new List<UsageRow>(batchSize);
        var producer = Task.Run(async () =>
        {
            try
            {
                var batch = Rent();
                foreach (var row in rows)
                {
                    batch.Add(row);
                    if (batch.Count == batchSize)
                    {
                        await channel.Writer.WriteAsync(batch, ct);
                        batch = Rent();
                    }
                }

                if (batch.Count > 0)
                {
                    await channel.Writer.WriteAsync(batch, ct);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, ct);

        await foreach (var batch in channel.Reader.ReadAllAsync(ct))
        {
            onBatch(await ledger.IngestBatchAsync(batch, submitter, source, ct));
            batch.Clear();
            free.Enqueue(batch);
        }

        await producer;
    }
}
