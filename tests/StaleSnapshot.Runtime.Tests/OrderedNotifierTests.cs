using System.Collections.Concurrent;
using StaleSnapshot.Runtime;

namespace StaleSnapshot.Runtime.Tests;

/// <summary>The generic engine on its own, as a user puts it behind a source of their own.</summary>
public class OrderedNotifierTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_versioned_listener_gets_each_snapshot_with_its_version()
    {
        using var notifier = new OrderedNotifier<string>("start");
        var seen = new ConcurrentQueue<(string, long)>();
        using var subscription = notifier.Subscribe((state, version) => seen.Enqueue((state, version)), DeliveryMode.EveryChange);
        notifier.Set("a");
        notifier.Update(current => current + "b");
        await notifier.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(new[] { ("start", 0L), ("a", 1L), ("ab", 2L) }, seen);
        Assert.Equal(2, notifier.Version);
    }

    [Fact]
    public void A_change_that_throws_leaves_the_state_and_version_unchanged()
    {
        using var notifier = new OrderedNotifier<int>(41);
        Assert.Throws<InvalidOperationException>(() => notifier.Update(_ => throw new InvalidOperationException()));
        Assert.Equal(41, notifier.Current);
        Assert.Equal(0, notifier.Version);
        Assert.Equal(42, notifier.Update(current => current + 1));
    }

    [Fact]
    public async Task Failures_are_reported_with_the_subscription_name()
    {
        using var notifier = new OrderedNotifier<int>(0);
        var failures = new ConcurrentQueue<ListenerFailure>();
        notifier.ListenerFailed = failures.Enqueue;
        using var subscription = notifier.Subscribe(_ => throw new FormatException(), name: "parser");
        await notifier.WhenIdleAsync().WaitAsync(Patience);
        var failure = Assert.Single(failures);
        Assert.Equal("parser", failure.ListenerName);
        Assert.IsType<FormatException>(failure.Exception);
    }

    [Fact]
    public async Task A_disposed_subscription_gets_nothing_more_while_others_do()
    {
        using var notifier = new OrderedNotifier<int>(0);
        var kept = new ConcurrentQueue<int>();
        var dropped = new ConcurrentQueue<int>();
        using var keep = notifier.Subscribe(kept.Enqueue, DeliveryMode.EveryChange);
        var drop = notifier.Subscribe(dropped.Enqueue, DeliveryMode.EveryChange);
        await notifier.WhenIdleAsync().WaitAsync(Patience);
        drop.Dispose();
        drop.Dispose();
        notifier.Set(1);
        await notifier.WhenIdleAsync().WaitAsync(Patience);
        Assert.Equal(new[] { 0, 1 }, kept);
        Assert.Equal(new[] { 0 }, dropped);
    }
}
