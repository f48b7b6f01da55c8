namespace PlanCenter.Application.Abstractions;

/// <summary>
/// Serialises work on one key inside this process (e.g. two checkouts of one customer's carts, or two
/// deliveries of one MS-RequestId), so a check-then-write rule can't be raced. A key's entry lives only
/// while someone holds or waits for it: every request id is a new key, so idle entries must not pile up.
/// Thread-safe.
/// </summary>
public sealed class KeyedLock
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The number of keys held or waited for right now.</summary>
    public int ActiveKeyCount
    {
        get
        {
            lock (_entries)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Waits for the key and returns a handle that releases it when disposed.</summary>
    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        var entry = Reference(key);
        try
        {
            await entry.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Dereference(key, entry);
            throw;
        }

        return new Releaser(this, key, entry);
    }

    /// <summary>Takes the key only if it is free at once; null when another caller holds it.</summary>
    public IDisposable? TryAcquire(string key)
    {
        var entry = Reference(key);
        if (entry.Semaphore.Wait(0))
        {
            return new Releaser(this, key, entry);
        }

        Dereference(key, entry);
        return null;
    }

    private Entry Reference(string key)
    {
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries.Add(key, entry);
            }

            entry.References++;
            return entry;
        }
    }

    private void Dereference(string key, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.References == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Holders and waiters; guarded by the dictionary's lock.</summary>
        public int References { get; set; }
    }

    private sealed class Releaser(KeyedLock owner, string key, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Semaphore.Release();
                owner.Dereference(key, entry);
            }
        }
    }
}
