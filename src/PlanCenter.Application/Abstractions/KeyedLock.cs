using System.Collections.Concurrent;

namespace PlanCenter.Application.Abstractions;

/// <summary>
/// Serialises work on one key inside this process (e.g. two checkouts of one customer's carts), so a
/// check-then-write rule such as "one plan per customer" can't be raced. Entries are never removed; the
/// key space (customers, request ids) is small next to the memory of one semaphore each.
/// </summary>
public sealed class KeyedLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for the key and returns a handle that releases it when disposed.</summary>
    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        var semaphore = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(ct);
        return new Releaser(semaphore);
    }

    /// <summary>Takes the key only if it is free at once; null when another caller holds it.</summary>
    public IDisposable? TryAcquire(string key)
    {
        var semaphore = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        return semaphore.Wait(0) ? new Releaser(semaphore) : null;
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
