using StaleSnapshot.Runtime;

namespace StaleSnapshot.Runtime.Tests;

/// <summary>The API under test: OPA's plugin manager shape, with versioned snapshots so order can be checked.</summary>
public interface IStatusSource
{
    void UpdatePluginStatus(string pluginName, PluginStatus status);

    void RegisterPluginStatusListener(string name, Action<PluginStatusSnapshot> listener);

    PluginStatusSnapshot PluginStatus();

    /// <summary>Completes when every listener call started so far has returned.</summary>
    Task WhenIdleAsync();
}

/// <summary>Records what one listener sees, and whether its calls ever overlapped or went backwards.</summary>
public sealed class RecordingListener
{
    private int _running;
    private long _newest = -1;

    public bool Overlapped { get; private set; }

    public bool WentBackwards { get; private set; }

    public PluginStatusSnapshot? Last { get; private set; }

    public void OnStatus(PluginStatusSnapshot snapshot)
    {
        if (Interlocked.Increment(ref _running) > 1) Overlapped = true;
        // Widens the window in which a concurrent delivery could overtake this one.
        Thread.SpinWait(50);
        if (snapshot.Version < Interlocked.Read(ref _newest)) WentBackwards = true;
        Interlocked.Exchange(ref _newest, Math.Max(Interlocked.Read(ref _newest), snapshot.Version));
        Last = snapshot;
        Interlocked.Decrement(ref _running);
    }
}

/// <summary>Many threads updating many plugins at once, then a check of every listener's guarantees.</summary>
public static class OrderingHarness
{
    public const int Updaters = 64;
    public const int Listeners = 4;

    public sealed record Outcome(bool Overlapped, bool WentBackwards, bool LostNewest);

    public static async Task<Outcome> RunRoundAsync(IStatusSource source, int updatesPerThread = 20, int plugins = 16)
    {
        var listeners = Enumerable.Range(0, Listeners).Select(_ => new RecordingListener()).ToList();
        for (var i = 0; i < listeners.Count; i++) source.RegisterPluginStatusListener($"listener-{i}", listeners[i].OnStatus);

        using var start = new Barrier(Updaters);
        var threads = Enumerable.Range(0, Updaters).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var u = 0; u < updatesPerThread; u++)
            {
                var state = (t + u) % 2 == 0 ? PluginState.Ok : PluginState.NotReady;
                source.UpdatePluginStatus($"plugin-{(t * 7 + u) % plugins}", new PluginStatus(state));
            }
        })).ToList();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        await source.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var current = source.PluginStatus();
        return new Outcome(
            listeners.Any(l => l.Overlapped),
            listeners.Any(l => l.WentBackwards),
            listeners.Any(l => l.Last?.Version != current.Version));
    }
}
