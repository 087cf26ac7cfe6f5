using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace StaleSnapshot.Runtime;

/// <summary>
/// Plugin status manager with Open Policy Agent's API whose listeners never receive a stale snapshot.
/// Per listener, deliveries never overlap and never go backwards, and once updates stop each listener's last
/// delivery equals <see cref="PluginStatus"/>. No lock is held while listener code runs.
/// </summary>
[OrderedSnapshotSource]
public sealed class PluginManager : IDisposable
{
    private readonly OrderedNotifier<PluginStatusSnapshot> _notifier = new(PluginStatusSnapshot.Empty);
    private readonly Dictionary<string, IDisposable> _listeners = new(StringComparer.Ordinal);

    /// <summary>Stores <paramref name="status"/> for <paramref name="pluginName"/> and notifies every listener.</summary>
    public void UpdatePluginStatus(string pluginName, PluginStatus status)
    {
        if (pluginName is null) throw new ArgumentNullException(nameof(pluginName));
        if (status is null) throw new ArgumentNullException(nameof(status));
        _notifier.Update(current => current.With(pluginName, status));
    }

    /// <summary>
    /// Registers <paramref name="listener"/> under <paramref name="name"/>, replacing any listener of that name.
    /// It receives the current statuses right away, then every newer snapshot (intermediate ones may be skipped,
    /// the newest never is), on the thread pool.
    /// </summary>
    public void RegisterPluginStatusListener(string name, Action<PluginStatusSnapshot> listener)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        var subscription = _notifier.Subscribe(listener);
        IDisposable? replaced;
        lock (_listeners)
        {
            _listeners.TryGetValue(name, out replaced);
            _listeners[name] = subscription;
        }
        replaced?.Dispose();
    }

    /// <summary>
    /// Removes the listener registered under <paramref name="name"/>, if any: no delivery to it starts after
    /// this returns (one already running on another thread may finish).
    /// </summary>
    public void UnregisterPluginStatusListener(string name)
    {
        IDisposable? removed;
        lock (_listeners)
        {
            if (!_listeners.TryGetValue(name, out removed)) return;
            _listeners.Remove(name);
        }
        removed.Dispose();
    }

    /// <summary>The current statuses of all plugins, as an immutable snapshot.</summary>
    public PluginStatusSnapshot PluginStatus() => _notifier.Current;

    /// <summary>Completes once every listener has been delivered the current statuses.</summary>
    public Task WhenIdleAsync() => _notifier.WhenIdleAsync();

    /// <summary>Stops all deliveries; see <see cref="OrderedNotifier{T}.Dispose"/>.</summary>
    public void Dispose() => _notifier.Dispose();
}
