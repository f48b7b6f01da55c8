namespace PlanCenter.Api.Infrastructure;

/// <summary>
/// The instance clock: the system clock shifted by an offset that a sandbox operator can set or advance
/// (never backwards, so billing periods only move forward). Without the sandbox option the offset stays 0.
/// Thread-safe.
/// </summary>
public sealed class SandboxClock(TimeProvider system) : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>
    /// The unshifted clock. Token lifetimes are judged on it, so that moving business time forward by a
    /// month does not sign every client out.
    /// </summary>
    public TimeProvider Wall => system;

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + Offset;

    public override long GetTimestamp() => system.GetTimestamp();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>
    /// Timers run on the unshifted clock: a period is a duration, which an offset does not change (moving the
    /// sandbox clock forward does not fire them early). Under a fake clock in tests, advancing it fires them.
    /// </summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        system.CreateTimer(callback, state, dueTime, period);

    /// <summary>Restores a stored offset (at start-up).</summary>
    public void Restore(TimeSpan offset) => Interlocked.Exchange(ref _offsetTicks, offset.Ticks);

    /// <summary>Moves the clock to <paramref name="instant"/>; false (and no change) when that is in the past.</summary>
    public bool TrySetNow(DateTimeOffset instant)
    {
        var offset = instant - system.GetUtcNow();
        if (offset < Offset)
        {
            return false;
        }

        Interlocked.Exchange(ref _offsetTicks, offset.Ticks);
        return true;
    }
}
