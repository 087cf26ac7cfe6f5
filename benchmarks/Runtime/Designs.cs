using OpaHealth;
using StaleSnapshot.Runtime;

namespace StaleSnapshot.Runtime.Benchmarks;

/// <summary>The three designs compared side by side.</summary>
public enum Design
{
    /// <summary>OPA's original: store and copy every status under the lock, call listeners after unlocking.</summary>
    Naive,
    /// <summary>Ordered the blunt way: call listeners while still holding the lock.</summary>
    NotifyUnderLock,
    /// <summary>StaleSnapshot.Runtime's PluginManager.</summary>
    Runtime,
}

public static class Designs
{
    public static IPluginManager Create(Design design) => design switch
    {
        Design.Naive => new NaivePluginManager(),
        Design.NotifyUnderLock => new NotifyUnderLockPluginManager(),
        _ => new OrderedPluginManager(),
    };
}

/// <summary>Ordered and never stale, but foreign code runs under the lock: every updater waits for every listener.</summary>
public sealed class NotifyUnderLockPluginManager : IPluginManager
{
    private readonly object _mutex = new();
    private readonly Dictionary<string, PluginStatus> _pluginStatus = new();
    private readonly Dictionary<string, Action<IReadOnlyDictionary<string, PluginStatus>>> _listeners = new();

    public void UpdatePluginStatus(string pluginName, PluginStatus status)
    {
        lock (_mutex)
        {
            _pluginStatus[pluginName] = status;
            var statuses = new Dictionary<string, PluginStatus>(_pluginStatus);
            foreach (var listener in _listeners.Values) listener(statuses);
        }
    }

    public void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, PluginStatus>> listener)
    {
        lock (_mutex) _listeners[name] = listener;
    }

    public IReadOnlyDictionary<string, PluginStatus> PluginStatus()
    {
        lock (_mutex) return new Dictionary<string, PluginStatus>(_pluginStatus);
    }

    public Task SettleAsync() => Task.CompletedTask;
}

/// <summary>
/// Long-lived updater threads released together for each benchmark operation, so that an operation measures
/// updates, not thread start-up.
/// </summary>
public sealed class UpdaterCrew : IDisposable
{
    private readonly Barrier _start;
    private readonly Barrier _done;
    private readonly List<Thread> _threads;
    private volatile bool _stopping;

    public UpdaterCrew(int updaters, int updatesEach, Func<IPluginManager> manager, int plugins)
    {
        _start = new Barrier(updaters + 1);
        _done = new Barrier(updaters + 1);
        _threads = Enumerable.Range(0, updaters).Select(t => new Thread(() =>
        {
            var names = Enumerable.Range(0, plugins).Select(p => $"plugin-{p}").ToArray();
            PluginStatus[] states = [StaleSnapshot.Runtime.PluginStatus.NotReady, StaleSnapshot.Runtime.PluginStatus.Ok];
            // Each pass over the plugins flips their state, so every update really changes something.
            var tick = 0;
            while (true)
            {
                _start.SignalAndWait();
                if (_stopping) return;
                var target = manager();
                for (var u = 0; u < updatesEach; u++, tick++) target.UpdatePluginStatus(names[(t + tick) % plugins], states[(tick / plugins) & 1]);
                _done.SignalAndWait();
            }
        }) { IsBackground = true }).ToList();
        _threads.ForEach(thread => thread.Start());
    }

    /// <summary>Runs one round: every updater does its updates; returns when all are done.</summary>
    public void Run()
    {
        _start.SignalAndWait();
        _done.SignalAndWait();
    }

    public void Dispose()
    {
        _stopping = true;
        _start.SignalAndWait();
        _threads.ForEach(thread => thread.Join());
        _start.Dispose();
        _done.Dispose();
    }
}
