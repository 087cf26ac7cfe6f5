using StaleSnapshot.Runtime;

namespace OpaHealth;

/// <summary>
/// OPA's plugin manager as it was: store the status and copy the listeners and all statuses under the lock,
/// then call the listeners after releasing it. Two concurrent updates can deliver their snapshots in either order.
/// </summary>
public sealed class NaivePluginManager : IPluginManager
{
    private readonly object _mutex = new();
    private readonly Dictionary<string, PluginStatus> _pluginStatus = new();
    private readonly Dictionary<string, Action<IReadOnlyDictionary<string, PluginStatus>>> _listeners = new();

    public void UpdatePluginStatus(string pluginName, PluginStatus status)
    {
        List<Action<IReadOnlyDictionary<string, PluginStatus>>> toNotify;
        Dictionary<string, PluginStatus> statuses;
        lock (_mutex)
        {
            _pluginStatus[pluginName] = status;
            toNotify = _listeners.Values.ToList();
            statuses = new Dictionary<string, PluginStatus>(_pluginStatus);
        }

        // Lock released here: listeners are called concurrently, in no particular order.
        foreach (var listener in toNotify)
        {
            listener(statuses);
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

    // Listeners run on the updating threads, so they are done once every update has returned.
    public Task SettleAsync() => Task.CompletedTask;
}
