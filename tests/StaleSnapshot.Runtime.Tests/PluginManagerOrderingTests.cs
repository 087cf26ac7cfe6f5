using StaleSnapshot.Runtime;

namespace StaleSnapshot.Runtime.Tests;

public class PluginManagerOrderingTests
{
    private const int NaiveRoundsUntilCaught = 50;
    private const int FixedRounds = 10;

    [Fact]
    public async Task Harness_catches_the_naive_design_going_stale()
    {
        // Proof that the harness works: the design that caused the bug must fail it.
        for (var round = 0; round < NaiveRoundsUntilCaught; round++)
        {
            var outcome = await OrderingHarness.RunRoundAsync(new NaivePluginManager());
            if (outcome.WentBackwards || outcome.LostNewest) return;
        }
        Assert.Fail($"the naive manager never delivered a stale snapshot in {NaiveRoundsUntilCaught} rounds");
    }

    [Fact]
    public async Task Under_contention_deliveries_never_overlap_never_go_backwards_and_end_on_the_newest_state()
    {
        for (var round = 0; round < FixedRounds; round++)
        {
            using var source = new RuntimeSource();
            var outcome = await OrderingHarness.RunRoundAsync(source);
            Assert.False(outcome.Overlapped, $"round {round}: a listener's deliveries overlapped");
            Assert.False(outcome.WentBackwards, $"round {round}: a listener received an older snapshot after a newer one");
            Assert.False(outcome.LostNewest, $"round {round}: a listener's last snapshot is not the current state");
        }
    }

    [Fact]
    public async Task No_manager_lock_is_held_while_a_listener_runs()
    {
        using var manager = new PluginManager();
        var otherThreadFinished = new TaskCompletionSource<bool>();
        manager.RegisterPluginStatusListener("probe", snapshot =>
        {
            if (snapshot.Version != 1) return;
            // Another thread must get through every manager call while this listener is still running.
            var other = Task.Run(() =>
            {
                manager.UpdatePluginStatus("other", PluginStatus.Ok);
                _ = manager.PluginStatus();
                manager.RegisterPluginStatusListener("late", _ => { });
                manager.UnregisterPluginStatusListener("late");
            });
            otherThreadFinished.TrySetResult(other.Wait(TimeSpan.FromSeconds(10)));
        });
        manager.UpdatePluginStatus("bundle", PluginStatus.Ok);
        Assert.True(await otherThreadFinished.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_listener_may_call_back_into_the_manager_on_its_own_thread()
    {
        using var manager = new PluginManager();
        manager.RegisterPluginStatusListener("reentrant", snapshot =>
        {
            if (!snapshot.ContainsKey("echo")) manager.UpdatePluginStatus("echo", PluginStatus.Ok);
            _ = manager.PluginStatus();
        });
        manager.UpdatePluginStatus("bundle", PluginStatus.Ok);
        await manager.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(manager.PluginStatus().ContainsKey("echo"));
    }

    [Fact]
    public async Task A_throwing_listener_does_not_stop_the_others()
    {
        using var manager = new PluginManager();
        var seen = new RecordingListener();
        manager.RegisterPluginStatusListener("throws", _ => throw new InvalidOperationException("listener bug"));
        manager.RegisterPluginStatusListener("records", seen.OnStatus);
        manager.UpdatePluginStatus("a", PluginStatus.NotReady);
        manager.UpdatePluginStatus("a", PluginStatus.Ok);
        await manager.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(manager.PluginStatus().Version, seen.Last?.Version);
    }

    [Fact]
    public async Task Unregistered_listener_is_not_called_again()
    {
        using var manager = new PluginManager();
        var calls = 0;
        manager.RegisterPluginStatusListener("counted", _ => Interlocked.Increment(ref calls));
        await manager.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        manager.UnregisterPluginStatusListener("counted");
        var before = Volatile.Read(ref calls);
        manager.UpdatePluginStatus("a", PluginStatus.Ok);
        await manager.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(before, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Registering_a_name_again_replaces_its_listener()
    {
        using var manager = new PluginManager();
        var first = new RecordingListener();
        var second = new RecordingListener();
        manager.RegisterPluginStatusListener("health", first.OnStatus);
        await manager.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        manager.RegisterPluginStatusListener("health", second.OnStatus);
        manager.UpdatePluginStatus("a", PluginStatus.Ok);
        await manager.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, first.Last?.Version);
        Assert.Equal(1, second.Last?.Version);
    }

    [Fact]
    public void Snapshots_are_immutable_and_versioned()
    {
        using var manager = new PluginManager();
        var before = manager.PluginStatus();
        manager.UpdatePluginStatus("bundle", new PluginStatus(PluginState.Error, "download failed"));
        var after = manager.PluginStatus();
        Assert.Empty(before);
        Assert.Equal(0, before.Version);
        Assert.Equal(1, after.Version);
        Assert.Equal(new PluginStatus(PluginState.Error, "download failed"), after["bundle"]);
    }
}
