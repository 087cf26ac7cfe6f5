using System.Collections.Concurrent;
using StaleSnapshot.Runtime;

namespace StaleSnapshot.Runtime.Tests;

/// <summary>Failure isolation, slow listeners, delivery modes, versions and the async watch.</summary>
public class DeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_throwing_listener_is_reported_to_the_hook_and_keeps_its_later_deliveries()
    {
        using var manager = new PluginManager();
        var failures = new ConcurrentQueue<ListenerFailure>();
        manager.ListenerFailed = failures.Enqueue;
        var thrownOn = new ConcurrentQueue<long>();
        manager.RegisterPluginStatusListener("flaky", snapshot =>
        {
            thrownOn.Enqueue(snapshot.Version);
            throw new InvalidOperationException($"bug at v{snapshot.Version}");
        });
        await manager.WhenIdleAsync().WaitAsync(Patience);
        manager.UpdatePluginStatus("a", PluginStatus.Ok);
        await manager.WhenIdleAsync().WaitAsync(Patience);

        Assert.Equal(new long[] { 0, 1 }, thrownOn);
        Assert.Equal(new long[] { 0, 1 }, failures.Select(f => f.Version));
        Assert.All(failures, f => Assert.Equal("flaky", f.ListenerName));
        Assert.Equal("bug at v1", failures.Last().Exception.Message);
    }

    [Fact]
    public async Task A_throwing_hook_does_not_stop_deliveries_or_corrupt_the_manager()
    {
        using var manager = new PluginManager { ListenerFailed = _ => throw new InvalidOperationException("hook bug") };
        var seen = new RecordingListener();
        manager.RegisterPluginStatusListener("throws", _ => throw new InvalidOperationException("listener bug"));
        manager.RegisterPluginStatusListener("records", seen.OnStatus);
        for (var i = 0; i < 10; i++) manager.UpdatePluginStatus("a", new PluginStatus((PluginState)(i % 3)));
        await manager.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(10, manager.PluginStatus().Version);
        Assert.Equal(10, seen.Last?.Version);
    }

    [Fact]
    public async Task A_slow_listener_holds_up_neither_updaters_nor_other_listeners()
    {
        using var manager = new PluginManager();
        using var release = new ManualResetEventSlim();
        var fast = new RecordingListener();
        manager.RegisterPluginStatusListener("stuck", _ => release.Wait(Patience));
        manager.RegisterPluginStatusListener("fast", fast.OnStatus);
        try
        {
            // Updating from many threads must not wait for the stuck listener's call...
            var updaters = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
            {
                for (var u = 0; u < 50; u++) manager.UpdatePluginStatus($"p{t}", new PluginStatus((PluginState)(u % 2)));
            }));
            await Task.WhenAll(updaters).WaitAsync(Patience);

            // ...and the other listener catches up with the newest state while the stuck one still runs.
            var newest = manager.PluginStatus().Version;
            var deadline = DateTime.UtcNow + Patience;
            while (fast.Last?.Version != newest && DateTime.UtcNow < deadline) await Task.Delay(10);
            Assert.Equal(newest, fast.Last?.Version);
            Assert.False(release.IsSet);
        }
        finally
        {
            release.Set();
        }
    }

    [Fact]
    public async Task Every_change_mode_delivers_each_snapshot_in_order()
    {
        using var manager = new PluginManager();
        var versions = new ConcurrentQueue<long>();
        manager.RegisterPluginStatusListener("audit", s =>
        {
            versions.Enqueue(s.Version);
            Thread.SpinWait(200); // falls behind the updaters, so latest-wins would skip
        }, DeliveryMode.EveryChange);
        var updaters = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var u = 0; u < 100; u++) manager.UpdatePluginStatus($"p{t}", new PluginStatus((PluginState)(u % 2)));
        }));
        await Task.WhenAll(updaters);
        await manager.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 401).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task Latest_wins_mode_may_skip_but_only_forward_and_ends_on_the_newest()
    {
        using var manager = new PluginManager();
        using var release = new ManualResetEventSlim();
        var versions = new ConcurrentQueue<long>();
        manager.RegisterPluginStatusListener("health", s =>
        {
            versions.Enqueue(s.Version);
            release.Wait(Patience);
        });
        for (var u = 0; u < 100; u++) manager.UpdatePluginStatus("bundle", new PluginStatus((PluginState)(u % 2)));
        release.Set();
        await manager.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Distinct().Count(), versions.Count);
        Assert.Equal(100, versions.Last());
        Assert.True(versions.Count < 101, "latest-wins delivered every intermediate snapshot to a blocked listener");
    }

    [Fact]
    public async Task Every_snapshot_carries_the_next_version()
    {
        using var manager = new PluginManager();
        var versions = new List<long> { manager.PluginStatus().Version };
        for (var u = 0; u < 5; u++)
        {
            manager.UpdatePluginStatus("bundle", PluginStatus.Ok);
            versions.Add(manager.PluginStatus().Version);
        }
        Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5 }, versions);
        Assert.StartsWith("v5 ", manager.PluginStatus().ToString());
        await manager.WhenIdleAsync();
    }

    [Fact]
    public void A_snapshot_prints_its_version_and_each_status_by_name()
    {
        using var manager = new PluginManager();
        manager.UpdatePluginStatus("discovery", new PluginStatus(PluginState.Error, "timeout"));
        manager.UpdatePluginStatus("bundle", PluginStatus.Ok);

        Assert.Equal("v2 [bundle=Ok, discovery=Error: timeout]", manager.PluginStatus().ToString());
    }

    [Fact]
    public async Task Watch_yields_the_current_state_then_the_newest_and_ends_on_dispose()
    {
        var manager = new PluginManager();
        manager.UpdatePluginStatus("bundle", PluginStatus.NotReady);
        await using var watch = manager.WatchAsync().GetAsyncEnumerator();

        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(1, watch.Current.Version);

        // Three updates while the consumer is busy: it skips to the newest.
        for (var u = 0; u < 3; u++) manager.UpdatePluginStatus("bundle", new PluginStatus((PluginState)(u % 2)));
        await manager.WhenIdleAsync().WaitAsync(Patience);
        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(4, watch.Current.Version);

        manager.Dispose();
        Assert.False(await watch.MoveNextAsync().AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Watch_stops_with_its_cancellation_token()
    {
        using var manager = new PluginManager();
        using var cancel = new CancellationTokenSource();
        var seen = new List<long>();
        var first = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watching = Task.Run(async () =>
        {
            await foreach (var snapshot in manager.WatchAsync(cancel.Token))
            {
                seen.Add(snapshot.Version);
                first.TrySetResult(true);
            }
        });
        await first.Task.WaitAsync(Patience);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching.WaitAsync(Patience));
        Assert.Equal(new long[] { 0 }, seen);
        await manager.WhenIdleAsync().WaitAsync(Patience); // its subscription was removed, nothing left running
    }
}
