using Shouldly;
using PlanCenter.Application.Abstractions;

namespace PlanCenter.Api.Tests;

public sealed class KeyedLockTests
{
    [Fact]
    public async Task AcquireAsync_SameKey_WaitsForTheHolder()
    {
        var locks = new KeyedLock();
        var first = await locks.AcquireAsync("k", TestContext.Current.CancellationToken);

        var second = locks.AcquireAsync("K", TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        second.IsCompleted.ShouldBeFalse("keys compare case-insensitively");
        first.Dispose();

        (await second).Dispose();
    }

    [Fact]
    public async Task TryAcquire_HeldKey_ReturnsNull_AndFreeKeySucceeds()
    {
        var locks = new KeyedLock();
        using var held = await locks.AcquireAsync("cart:1", TestContext.Current.CancellationToken);

        locks.TryAcquire("cart:1").ShouldBeNull();
        using var other = locks.TryAcquire("cart:2");

        other.ShouldNotBeNull();
    }

    [Fact]
    public async Task Release_LastHolder_ForgetsTheKey()
    {
        var locks = new KeyedLock();

        for (var i = 0; i < 1000; i++)
        {
            (await locks.AcquireAsync($"request:{i}", TestContext.Current.CancellationToken)).Dispose();
        }

        locks.TryAcquire("busy")!.Dispose();
        locks.TryAcquire("busy")!.Dispose();
        locks.ActiveKeyCount.ShouldBe(0);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_LeavesNoEntryBehind()
    {
        var locks = new KeyedLock();
        var held = await locks.AcquireAsync("k", TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();

        var waiting = locks.AcquireAsync("k", cancel.Token);
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(waiting);
        held.Dispose();
        locks.ActiveKeyCount.ShouldBe(0);
    }
}
