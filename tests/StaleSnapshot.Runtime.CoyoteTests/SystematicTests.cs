using StaleSnapshot.Runtime.Tests;
using Xunit.Abstractions;

namespace StaleSnapshot.Runtime.CoyoteTests;

/// <summary>
/// Coyote explores the interleavings of each scenario (a seeded, repeatable search over schedules). A violated
/// check, an unhandled exception or a deadlock is a bug. The naive design must be caught; ours must survive.
/// </summary>
public class SystematicTests(ITestOutputHelper output)
{
    private const uint NaiveIterations = 1_000;
    private const uint FixedIterations = 800;

    private static readonly PluginStatus[] States = [PluginStatus.NotReady, PluginStatus.Ok];

    /// <summary>The production race: two plugins' updates in parallel, a health listener storing from its snapshot.</summary>
    /// <remarks>Only the end state is checked, so the naive design is caught for staleness, not for overlapping calls.</remarks>
    private static async Task TwoUpdatersOneListener(IStatusSource source)
    {
        var health = new Probe("health");
        source.RegisterPluginStatusListener("health", health.OnStatus);
        var bundle = Task.Run(() => source.UpdatePluginStatus("bundle", PluginStatus.NotReady));
        var status = Task.Run(() => source.UpdatePluginStatus("bundle", PluginStatus.Ok));
        await bundle;
        await status;
        await source.WhenIdleAsync();
        RequireNewest(source.PluginStatus().Version, health);
    }

    [Fact]
    public void Finds_the_naive_designs_stale_delivery_and_the_same_seed_finds_the_same_bug()
    {
        var first = Explorer.Run(() => TwoUpdatersOneListener(new NaivePluginManager()), NaiveIterations, output);
        var second = Explorer.Run(() => TwoUpdatersOneListener(new NaivePluginManager()), NaiveIterations, output);

        Assert.Equal(1, first.TestReport.NumOfFoundBugs);
        Assert.Contains("stale", Assert.Single(first.TestReport.BugReports));
        Assert.Equal(first.TestReport.BugReports, second.TestReport.BugReports);
        Assert.Equal(first.TestReport.NumOfExploredUnfairPaths, second.TestReport.NumOfExploredUnfairPaths);
        Assert.Equal(first.ReproducibleTrace, second.ReproducibleTrace);

        // The recorded schedule replays the bug on its own.
        var replay = Explorer.Run(() => TwoUpdatersOneListener(new NaivePluginManager()), 1, output, trace: first.ReproducibleTrace);
        Assert.Equal(1, replay.TestReport.NumOfFoundBugs);
    }

    [Fact]
    public void The_same_scenario_on_the_runtime_never_ends_stale()
    {
        Explorer.AssertNoBug(Explorer.Run(async () =>
        {
            using var source = new RuntimeSource();
            await TwoUpdatersOneListener(source);
        }, FixedIterations, output));
    }

    [Fact]
    public void Concurrent_updaters_keep_both_delivery_modes_ordered()
    {
        Explorer.AssertNoBug(Explorer.Run(async () =>
        {
            using var manager = new PluginManager();
            var latest = new Probe("latest");
            var every = new Probe("every");
            manager.RegisterPluginStatusListener(latest.Name, latest.OnStatus);
            manager.RegisterPluginStatusListener(every.Name, every.OnStatus, DeliveryMode.EveryChange);
            await Updaters(manager, threads: 3, updatesEach: 2);
            await manager.WhenIdleAsync();
            var current = manager.PluginStatus().Version;
            Check(current, latest, every);
            Require(every.Versions.SequenceEqual(Enumerable.Range(0, (int)current + 1).Select(v => (long)v)),
                $"every-change listener got [{string.Join(",", every.Versions)}]");
        }, FixedIterations, output));
    }

    [Fact]
    public void Re_entrant_listeners_on_two_managers_neither_deadlock_nor_end_stale()
    {
        Explorer.AssertNoBug(Explorer.Run(async () =>
        {
            using var left = new PluginManager();
            using var right = new PluginManager();
            var leftProbe = new Probe("left");
            var rightProbe = new Probe("right");
            var replacement = new Probe("replacement");
            // Reactions keyed on content, not versions: latest-wins may skip any intermediate version.
            var leftReacted = 0;
            var rightReacted = 0;
            var replaced = 0;
            leftProbe.During = snapshot =>
            {
                if (left.PluginStatus().Version < snapshot.Version) leftProbe.Violate("PluginStatus() older than a delivered snapshot");
                if (!snapshot.ContainsKey("bundle") || Interlocked.Exchange(ref leftReacted, 1) == 1) return;
                right.UpdatePluginStatus("echo", PluginStatus.Ok);
                right.RegisterPluginStatusListener("temporary", _ => left.PluginStatus());
                right.UnregisterPluginStatusListener("temporary");
            };
            rightProbe.During = snapshot =>
            {
                _ = left.PluginStatus();
                if (snapshot.ContainsKey("bundle") && Interlocked.Exchange(ref rightReacted, 1) == 0) left.UpdatePluginStatus("echo", PluginStatus.Ok);
                // Replaces itself: the replacement is a new listener, so it gets a probe of its own.
                if (snapshot.ContainsKey("echo") && Interlocked.Exchange(ref replaced, 1) == 0)
                {
                    right.RegisterPluginStatusListener(rightProbe.Name, replacement.OnStatus);
                }
            };
            left.RegisterPluginStatusListener(leftProbe.Name, leftProbe.OnStatus);
            right.RegisterPluginStatusListener(rightProbe.Name, rightProbe.OnStatus);
            await UpdateBothAndSettle(left, right, "bundle");
            await left.WhenIdleAsync(); // right's listener may have updated left meanwhile
            Check(left.PluginStatus().Version, leftProbe);
            Check(right.PluginStatus().Version, replacement);
            Require(rightProbe.Violations.Count == 0, string.Join("; ", rightProbe.Violations));
        }, FixedIterations, output));
    }

    [Fact]
    public void Unregister_racing_with_updates_never_lets_the_listener_run_afterwards()
    {
        Explorer.AssertNoBug(Explorer.Run(async () =>
        {
            using var manager = new PluginManager();
            var leaving = new Probe("leaving");
            var staying = new Probe("staying");
            manager.RegisterPluginStatusListener(leaving.Name, leaving.OnStatus);
            manager.RegisterPluginStatusListener(staying.Name, staying.OnStatus);
            var updates = Updaters(manager, threads: 2, updatesEach: 2);
            var unregister = Task.Run(() =>
            {
                manager.UnregisterPluginStatusListener(leaving.Name);
                leaving.Closed();
            });
            await updates;
            await unregister;
            await manager.WhenIdleAsync();
            Check(manager.PluginStatus().Version, staying);
            Require(leaving.Violations.Count == 0, string.Join("; ", leaving.Violations));
        }, FixedIterations, output));
    }

    [Fact]
    public void Listeners_unregistering_each_other_across_managers_release_each_other()
    {
        Explorer.AssertNoBug(Explorer.Run(async () =>
        {
            using var left = new PluginManager();
            using var right = new PluginManager();
            left.RegisterPluginStatusListener("left", s => { if (s.Version == 1) right.UnregisterPluginStatusListener("right"); });
            right.RegisterPluginStatusListener("right", s => { if (s.Version == 1) left.UnregisterPluginStatusListener("left"); });
            await UpdateBothAndSettle(left, right, "go");
        }, FixedIterations, output));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dispose_racing_with_updates_and_from_inside_a_listener_never_hangs_and_stops_every_listener(bool async)
    {
        Explorer.AssertNoBug(Explorer.Run(async () =>
        {
            var manager = new PluginManager();
            var watcher = new Probe("watcher");
            var stopper = new Probe("stopper");
            stopper.During = snapshot =>
            {
                if (snapshot.Version != 2) return;
                Stop(manager, async);
                // No listener other than this one may still be running now.
                if (watcher.IsRunning) stopper.Violate("watcher still running after Dispose returned inside a listener");
            };
            manager.RegisterPluginStatusListener(watcher.Name, watcher.OnStatus);
            manager.RegisterPluginStatusListener(stopper.Name, stopper.OnStatus);
            var updates = Updaters(manager, threads: 2, updatesEach: 2);
            var stop = Task.Run(() =>
            {
                Stop(manager, async);
                watcher.Closed();
            });
            await updates;
            await stop;
            await manager.WhenIdleAsync();
            Require(watcher.Violations.Count == 0 && stopper.Violations.Count == 0,
                string.Join("; ", watcher.Violations.Concat(stopper.Violations)));
        }, FixedIterations, output));
    }

    /// <summary>Updates the same plugin on both managers from two tasks at once, then waits for both to settle.</summary>
    private static async Task UpdateBothAndSettle(PluginManager left, PluginManager right, string plugin)
    {
        var toLeft = Task.Run(() => left.UpdatePluginStatus(plugin, PluginStatus.Ok));
        var toRight = Task.Run(() => right.UpdatePluginStatus(plugin, PluginStatus.Ok));
        await toLeft;
        await toRight;
        await left.WhenIdleAsync();
        await right.WhenIdleAsync();
    }

    private static void Stop(PluginManager manager, bool async)
    {
        if (async) manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
        else manager.Dispose();
    }

    /// <summary>Updater tasks; an update that meets a stopped manager must fail with ObjectDisposedException.</summary>
    private static async Task Updaters(PluginManager manager, int threads, int updatesEach)
    {
        var tasks = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            for (var u = 0; u < updatesEach; u++)
            {
                try
                {
                    manager.UpdatePluginStatus($"plugin-{t}", States[(t + u) % States.Length]);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        })).ToList();
        foreach (var task in tasks) await task;
    }

    private static void Check(long currentVersion, params Probe[] probes)
    {
        foreach (var probe in probes)
        {
            Require(probe.Violations.Count == 0, string.Join("; ", probe.Violations));
            RequireNewest(currentVersion, probe);
        }
    }

    private static void RequireNewest(long currentVersion, Probe probe) =>
        Require(probe.LastVersion == currentVersion,
            $"stale: {probe.Name} last got v{probe.LastVersion} while the manager is at v{currentVersion}");

    private static void Require(bool condition, string violation)
    {
        if (!condition) throw new InvalidOperationException(violation);
    }
}
