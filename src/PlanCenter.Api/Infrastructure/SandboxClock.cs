namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// The instance clock: the system clock shifted by an offset that a sandbox operator can set or advance
/// (never backwards, so billing periods only move forward). Without the sandbox option the offset stays 0.
/// Thread-safe.
/// </summary>
public sealed class SandboxClock(TimeProvider system) : TimeProvider
{
    private long _offsetTicks;
    private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>
    /// The unshifted clock. Token lifetimes are judged on it, so that moving business time forward by a
    /// month does not sign every client out.
    /// </summary>
    public TimeProvider Wall => system;

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + Offset;

    public override long GetTimestamp() => system.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    // Timers run on the underlying clock, so a test clock drives them; a jump of the offset does not fire
    // them, which is why jumps are announced (Moved).
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        system.CreateTimer(callback, state, dueTime, period);

    /// <summary>Completes when the offset next changes (an operator moved business time).</summary>
    public Task Moved => Volatile.Read(ref _moved).Task;

    /// <summary>Restores a stored offset (at start-up).</summary>
    public void Restore(TimeSpan offset)
    {
        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        AnnounceMove();
    }

    /// <summary>The offset that puts the clock at <paramref name="instant"/> now.</summary>
    public TimeSpan OffsetAt(DateTimeOffset instant) => instant - system.GetUtcNow();

    /// <summary>Sets the offset; false (and no change) when that would move the clock back.</summary>
    public bool TrySetOffset(TimeSpan offset)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _offsetTicks);
            if (offset.Ticks < current)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref _offsetTicks, offset.Ticks, current) != current);

        AnnounceMove();
        return true;
    }

    private void AnnounceMove() =>
        Interlocked.Exchange(ref _moved, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
