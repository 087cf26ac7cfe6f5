using StaleSnapshot.Runtime;

namespace StaleSnapshot.Runtime.Tests;

/// <summary>Listeners calling back into managers, unregistering, and stopping: nothing may deadlock or hang.</summary>
public class ReentrancyAndStopTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_listener_may_call_every_member_of_its_own_and_another_manager()
    {
        using var own = new PluginManager();
        using var other = new PluginManager();
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        own.RegisterPluginStatusListener("reentrant", snapshot =>
        {
            if (!snapshot.ContainsKey("trigger")) return;
            foreach (var manager in new[] { own, other })
            {
                _ = manager.PluginStatus();
                manager.UpdatePluginStatus("echo", PluginStatus.Ok);
                manager.RegisterPluginStatusListener("added", _ => { });
                manager.UnregisterPluginStatusListener("added");
            }
            // Replacing and removing itself must not wait for its own running call either.
            own.RegisterPluginStatusListener("reentrant", _ => { });
            own.UnregisterPluginStatusListener("reentrant");
            done.TrySetResult(true);
        });
        own.UpdatePluginStatus("trigger", PluginStatus.Ok);
        await done.Task.WaitAsync(Patience);
        await own.WhenIdleAsync().WaitAsync(Patience);
        Assert.True(own.PluginStatus().ContainsKey("echo"));
        Assert.True(other.PluginStatus().ContainsKey("echo"));
    }

    [Fact]
    public async Task Listeners_unregistering_each_other_at_the_same_time_release_each_other()
    {
        using var left = new PluginManager();
        using var right = new PluginManager();
        using var bothRunning = new Barrier(2);
        var finished = new CountdownEvent(2);
        left.RegisterPluginStatusListener("left", snapshot =>
        {
            if (!snapshot.ContainsKey("go")) return;
            bothRunning.SignalAndWait(Patience);
            right.UnregisterPluginStatusListener("right"); // waits for right's running call, which waits for ours
            finished.Signal();
        });
        right.RegisterPluginStatusListener("right", snapshot =>
        {
            if (!snapshot.ContainsKey("go")) return;
            bothRunning.SignalAndWait(Patience);
            left.UnregisterPluginStatusListener("left");
            finished.Signal();
        });
        left.UpdatePluginStatus("go", PluginStatus.Ok);
        right.UpdatePluginStatus("go", PluginStatus.Ok);
        Assert.True(await Task.Run(() => finished.Wait(Patience)), "the two unregistering listeners deadlocked");
    }

    [Fact]
    public async Task Unregister_waits_for_a_call_running_on_another_thread_and_no_call_follows()
    {
        using var manager = new PluginManager();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var running = 0;
        var callsAfterUnregister = 0;
        var unregistered = false;
        manager.RegisterPluginStatusListener("slow", snapshot =>
        {
            if (Volatile.Read(ref unregistered)) Interlocked.Increment(ref callsAfterUnregister);
            Interlocked.Increment(ref running);
            if (snapshot.Version == 1)
            {
                entered.Set();
                release.Wait(Patience);
            }
            Interlocked.Decrement(ref running);
        });
        manager.UpdatePluginStatus("a", PluginStatus.Ok);
        Assert.True(entered.Wait(Patience));
        manager.UpdatePluginStatus("a", PluginStatus.NotReady); // pending behind the running call

        var unregister = Task.Run(() => manager.UnregisterPluginStatusListener("slow"));
        await Task.Delay(100);
        Assert.False(unregister.IsCompleted, "Unregister returned while the listener was still running");
        release.Set();
        await unregister.WaitAsync(Patience);
        Volatile.Write(ref unregistered, true);
        Assert.Equal(0, Volatile.Read(ref running));

        manager.UpdatePluginStatus("a", PluginStatus.Ok);
        await manager.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(0, Volatile.Read(ref callsAfterUnregister));
    }

    [Fact]
    public async Task Dispose_returns_promptly_however_many_deliveries_are_queued()
    {
        var manager = new PluginManager();
        manager.RegisterPluginStatusListener("slow", _ => Thread.Sleep(20), DeliveryMode.EveryChange);
        for (var i = 0; i < 500; i++) manager.UpdatePluginStatus($"p{i % 10}", new PluginStatus((PluginState)(i % 4)));

        // Draining 500 calls of 20 ms would take 10 s; stopping may only wait for the one call in progress.
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await Task.Run(manager.Dispose).WaitAsync(Patience);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"Dispose took {stopwatch.Elapsed}");
        await manager.WhenIdleAsync().WaitAsync(Patience);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_dispose_returns_no_listener_is_running(bool async)
    {
        var manager = new PluginManager();
        using var entered = new ManualResetEventSlim();
        var running = 0;
        manager.RegisterPluginStatusListener("slow", snapshot =>
        {
            Interlocked.Increment(ref running);
            if (snapshot.Version == 1)
            {
                entered.Set();
                Thread.Sleep(300);
            }
            Interlocked.Decrement(ref running);
        });
        manager.UpdatePluginStatus("a", PluginStatus.Ok);
        Assert.True(entered.Wait(Patience));

        if (async) await manager.DisposeAsync().AsTask().WaitAsync(Patience);
        else await Task.Run(manager.Dispose).WaitAsync(Patience);
        Assert.Equal(0, Volatile.Read(ref running));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dispose_from_inside_a_listener_returns_and_waits_only_for_the_other_listeners(bool async)
    {
        var manager = new PluginManager();
        using var otherEntered = new ManualResetEventSlim();
        var otherRunning = 0;
        var otherRunningWhenDisposeReturned = -1;
        var disposed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        manager.RegisterPluginStatusListener("other", snapshot =>
        {
            if (snapshot.Version != 1) return;
            Interlocked.Increment(ref otherRunning);
            otherEntered.Set();
            Thread.Sleep(300);
            Interlocked.Decrement(ref otherRunning);
        });
        manager.RegisterPluginStatusListener("stopper", snapshot =>
        {
            if (snapshot.Version != 1) return;
            otherEntered.Wait(Patience);
            if (async) manager.DisposeAsync().AsTask().Wait(Patience);
            else manager.Dispose();
            otherRunningWhenDisposeReturned = Volatile.Read(ref otherRunning);
            disposed.TrySetResult(true);
        });
        manager.UpdatePluginStatus("a", PluginStatus.Ok);
        await disposed.Task.WaitAsync(Patience);
        Assert.Equal(0, otherRunningWhenDisposeReturned);
    }

    [Fact]
    public async Task Calls_after_dispose_fail_fast_or_are_documented_no_ops()
    {
        var manager = new PluginManager();
        manager.RegisterPluginStatusListener("health", _ => { });
        manager.UpdatePluginStatus("bundle", PluginStatus.Ok);
        manager.Dispose();

        Assert.Throws<ObjectDisposedException>(() => manager.UpdatePluginStatus("bundle", PluginStatus.NotReady));
        Assert.Throws<ObjectDisposedException>(() => manager.RegisterPluginStatusListener("late", _ => { }));
        manager.UnregisterPluginStatusListener("health");
        manager.Dispose();
        await manager.DisposeAsync();
        Assert.Equal(PluginState.Ok, manager.PluginStatus()["bundle"].State);
        await manager.WhenIdleAsync().WaitAsync(Patience);
        await using var watch = manager.WatchAsync().GetAsyncEnumerator();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => watch.MoveNextAsync().AsTask());
    }
}
