using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Rating.Files;

/// <summary>
/// A run of consecutive usage records of one file, parsed on the parsing thread and handed in file order
/// to the thread that deduplicates and accumulates (<see cref="UsageIntake"/>). A row is either parsed
/// and known to be accepted (<see cref="ParsedRow.Fast"/>: values, and the texts the accumulator may keep,
/// copied into the batch) or left to the general path as its <see cref="UsageRecordText"/>.
/// A batch that ends the file early carries the error the parser met after its rows.
/// </summary>
internal sealed class UsageBatch(int capacity)
{
    public ParsedRow[] Rows { get; } = new ParsedRow[capacity];

    public int Count { get; private set; }

    public bool IsFull => Count == Rows.Length;

    public List<UsageRecordText> Texts { get; } = [];

    /// <summary>The error met after the last row, thrown by the consumer once the rows are processed.</summary>
    public ExceptionDispatchInfo? Error { get; set; }

    private char[] _chars = new char[capacity * 160];
    private int _charCount;

    public ref ParsedRow Add()
    {
        ref var row = ref Rows[Count++];
        row = default;
        return ref row;
    }

    /// <summary>Adds a row for the general path.</summary>
    public void AddText(in UsageRecordText text, bool hasIdKey, Guid idKey, bool idHashed)
    {
        ref var row = ref Add();
        row.HasIdKey = hasIdKey;
        row.IdKey = idKey;
        row.IdHashed = idHashed;
        row.TextIndex = Texts.Count;
        Texts.Add(text);
    }

    /// <summary>Copies <paramref name="text"/> into the batch.</summary>
    public TextRange Keep(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return default;
        }

        if (_charCount + text.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + text.Length));
        }

        text.CopyTo(_chars.AsSpan(_charCount));
        var range = new TextRange(_charCount, text.Length);
        _charCount += text.Length;
        return range;
    }

    public ReadOnlySpan<char> Text(TextRange range) => _chars.AsSpan(range.Start, range.Length);

    public void Clear()
    {
        Count = 0;
        _charCount = 0;
        Texts.Clear();
        Error = null;
    }
}

/// <summary>Where a text of a row lies in its batch's characters (empty when <see cref="Length"/> is 0).</summary>
internal readonly record struct TextRange(int Start, int Length);

/// <summary>One record of a <see cref="UsageBatch"/>.</summary>
internal struct ParsedRow
{
    /// <summary>False when the record has no id (never a duplicate).</summary>
    public bool HasIdKey;

    /// <summary>The id's key in <see cref="UsageRecordIdSet"/> (with <see cref="IdHashed"/>).</summary>
    public Guid IdKey;

    public bool IdHashed;

    /// <summary>Parsed and accepted: the values below are set; else <see cref="TextIndex"/> is.</summary>
    public bool Fast;

    /// <summary>The id is the lower-case <c>D</c> form of <see cref="IdKey"/>.</summary>
    public bool IdIsLowerGuid;

    public int TextIndex;
    public AzureSubscriptionId EntitlementId;
    public MeterId MeterId;
    public DateTimeOffset UsageStartAt;
    public decimal Quantity;
    public TextRange UsageRecordId;
    public TextRange ResourceUri;
    public TextRange ResourceLocation;
    public TextRange ConsumedService;
    public TextRange Tags;
    public TextRange AdditionalInfo;
    public TextRange ServiceInfo1;
    public TextRange ServiceInfo2;
}

/// <summary>
/// Runs a producer of <see cref="UsageBatch"/>es on its own thread, at most <see cref="BatchesAhead"/>
/// batches ahead of the consumer, reusing batches the consumer has finished with.
/// </summary>
internal sealed class UsageBatchPipe : IDisposable
{
    private const int BatchesAhead = 4;
    private readonly BlockingCollection<UsageBatch> _ready = new(BatchesAhead);
    private readonly ConcurrentQueue<UsageBatch> _free = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly int _batchRows;
    private readonly Thread _thread;
    private UsageBatch? _lent;

    /// <param name="produce">Fills batches from <see cref="Rent"/> and hands them to <see cref="Send"/>, in file order.</param>
    /// <param name="batchRows">Rows per batch.</param>
    public UsageBatchPipe(Action<UsageBatchPipe> produce, int batchRows)
    {
        _batchRows = batchRows;
        _thread = new Thread(() => Run(produce)) { IsBackground = true, Name = "usage parsing" };
        _thread.Start();
    }

    public CancellationToken Stopping => _stop.Token;

    /// <summary>An empty batch for the producer.</summary>
    public UsageBatch Rent()
    {
        var batch = _free.TryDequeue(out var reused) ? reused : new UsageBatch(_batchRows);
        batch.Clear();
        _lent = batch;
        return batch;
    }

    /// <summary>Hands a filled batch to the consumer (waits while it is <see cref="BatchesAhead"/> behind).</summary>
    public void Send(UsageBatch batch)
    {
        _lent = null;
        _ready.Add(batch, _stop.Token);
    }

    /// <summary>The batches in file order; a batch's error is thrown after its rows were given.</summary>
    public IEnumerable<UsageBatch> Batches()
    {
        foreach (var batch in _ready.GetConsumingEnumerable())
        {
            yield return batch;
            batch.Error?.Throw();
            _free.Enqueue(batch);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _ready.Dispose();
        _stop.Dispose();
    }

    private void Run(Action<UsageBatchPipe> produce)
    {
        try
        {
            produce(this);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // The rows parsed before the error are processed first, then the error is thrown to the caller.
            var batch = _lent ?? Rent();
            batch.Error = ExceptionDispatchInfo.Capture(e);
            try
            {
                _ready.Add(batch, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        finally
        {
            _ready.CompleteAdding();
        }
    }
}
