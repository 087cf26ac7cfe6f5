using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StaleSnapshot.Runtime;

/// <summary>
/// Plugin status manager with Open Policy Agent's API whose listeners never receive a stale snapshot.
/// Built on <see cref="OrderedNotifier{T}"/>, whose guarantees it has: per listener, deliveries never overlap and
/// never go backwards, and once updates stop each listener's last delivery equals <see cref="PluginStatus"/>.
/// </summary>
/// <remarks>
/// <para>
/// Re-entrancy: no lock is held while listener code runs. A listener may call <see cref="PluginStatus"/>,
/// <see cref="UpdatePluginStatus"/>, <see cref="RegisterPluginStatusListener(string, Action{PluginStatusSnapshot})"/>,
/// <see cref="UnregisterPluginStatusListener"/> and even <see cref="Dispose"/> on this or any other manager,
/// without deadlock.
/// </para>
/// <para>
/// Isolation: <see cref="UpdatePluginStatus"/> never waits for a listener; each listener is called on the thread
/// pool by its own delivery loop, so a slow one only delays itself. A listener that throws is reported to
/// <see cref="ListenerFailed"/> and stays registered.
/// </para>
/// </remarks>
[OrderedSnapshotSource]
public sealed class PluginManager : IDisposable, IAsyncDisposable
{
    private readonly OrderedNotifier<PluginStatusSnapshot> _notifier = new(PluginStatusSnapshot.Empty);
    private readonly Dictionary<string, IDisposable> _listeners = new(StringComparer.Ordinal);

    /// <summary>
    /// Called with every exception a listener throws (with the listener's name and the snapshot's version), on
    /// the listener's thread. Null by default: failures are then ignored. The listener stays registered.
    /// </summary>
    public Action<ListenerFailure>? ListenerFailed
    {
        get => _notifier.ListenerFailed;
        set => _notifier.ListenerFailed = value;
    }

    /// <summary>
    /// Stores <paramref name="status"/> for <paramref name="pluginName"/> as a new snapshot with the next version
    /// and schedules its delivery. Returns without waiting for any listener.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    public void UpdatePluginStatus(string pluginName, PluginStatus status)
    {
        if (pluginName is null) throw new ArgumentNullException(nameof(pluginName));
        if (status is null) throw new ArgumentNullException(nameof(status));
        _notifier.Update(static (current, update) => current.With(update.pluginName, update.status), (pluginName, status));
    }

    /// <summary>
    /// Registers <paramref name="listener"/> under <paramref name="name"/> with latest-wins delivery: it receives
    /// the current statuses right away, then newer snapshots (intermediate ones may be skipped, the newest never
    /// is), on the thread pool. A listener already registered under that name is replaced as by
    /// <see cref="UnregisterPluginStatusListener"/>. The replacement is a new listener: when a listener replaces
    /// itself from inside its callback, the replacement's first call may run while that callback finishes.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    public void RegisterPluginStatusListener(string name, Action<PluginStatusSnapshot> listener) =>
        RegisterPluginStatusListener(name, listener, DeliveryMode.LatestWins);

    /// <summary>
    /// Registers <paramref name="listener"/> under <paramref name="name"/> with the given delivery mode:
    /// <see cref="DeliveryMode.EveryChange"/> delivers every snapshot, in version order.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    public void RegisterPluginStatusListener(string name, Action<PluginStatusSnapshot> listener, DeliveryMode mode)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        var subscription = _notifier.Subscribe(listener, mode, name);
        IDisposable? replaced;
        lock (_listeners)
        {
            _listeners.TryGetValue(name, out replaced);
            _listeners[name] = subscription;
        }
        replaced?.Dispose();
    }

    /// <summary>
    /// Removes the listener registered under <paramref name="name"/>; no-op when there is none (also after
    /// <see cref="Dispose"/>). After it returns the listener is not called again. A call of it already running on
    /// another thread is waited for, so it has returned too; called from inside that very listener, the current
    /// call runs to its end without being waited for, and no further call starts.
    /// </summary>
    public void UnregisterPluginStatusListener(string name)
    {
        if (name is null) throw new ArgumentNullException(nameof(name));
        IDisposable? removed;
        lock (_listeners)
        {
            if (!_listeners.TryGetValue(name, out removed)) return;
            _listeners.Remove(name);
        }
        removed.Dispose();
    }

    /// <summary>
    /// The current statuses of all plugins, as an immutable snapshot whose <see cref="PluginStatusSnapshot.Version"/>
    /// is at least that of anything delivered to a listener. After <see cref="Dispose"/>, the last statuses.
    /// </summary>
    public PluginStatusSnapshot PluginStatus() => _notifier.Current;

    /// <summary>
    /// The statuses as an async stream: the current snapshot, then the newest one whenever the consumer asks
    /// (latest wins). Ends when the manager is disposed; cancellation throws <see cref="OperationCanceledException"/>.
    /// Started after <see cref="Dispose"/>, its first <c>MoveNextAsync</c> throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public IAsyncEnumerable<PluginStatusSnapshot> WatchAsync(CancellationToken cancellationToken = default) =>
        _notifier.WatchAsync(cancellationToken);

    /// <summary>
    /// Completes once every listener has been delivered the current statuses (after <see cref="Dispose"/>: once the
    /// delivery loops have ended). Do not block on it from inside a listener: it would wait for that listener.
    /// </summary>
    public Task WhenIdleAsync() => _notifier.WhenIdleAsync();

    /// <summary>
    /// Stops all deliveries and returns once no listener runs; see <see cref="OrderedNotifier{T}.Dispose"/>.
    /// Afterwards <see cref="UpdatePluginStatus"/> and registering throw <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose() => _notifier.Dispose();

    /// <summary><see cref="Dispose"/> without blocking a thread; see <see cref="OrderedNotifier{T}.DisposeAsync"/>.</summary>
    public ValueTask DisposeAsync() => _notifier.DisposeAsync();
}
