using StaleSnapshot.Runtime;

namespace StaleSnapshot.Runtime.Tests;

/// <summary>
/// The design that caused the bug, kept to prove the harness catches it: store and copy under the lock,
/// call listeners after releasing it.
/// </summary>
public sealed class NaivePluginManager : IStatusSource
{
    private readonly object _mutex = new();
    private readonly Dictionary<string, Action<PluginStatusSnapshot>> _listeners = new();
    private PluginStatusSnapshot _statuses = PluginStatusSnapshot.Empty;

    public void UpdatePluginStatus(string pluginName, PluginStatus status)
    {
        List<Action<PluginStatusSnapshot>> toNotify;
        PluginStatusSnapshot statuses;
        lock (_mutex)
        {
            _statuses = _statuses.With(pluginName, status);
            toNotify = _listeners.Values.ToList();
            statuses = _statuses;
        }
        foreach (var listener in toNotify) listener(statuses);
    }

    public void RegisterPluginStatusListener(string name, Action<PluginStatusSnapshot> listener)
    {
        lock (_mutex) _listeners[name] = listener;
    }

    public PluginStatusSnapshot PluginStatus()
    {
        lock (_mutex) return _statuses;
    }

    public Task WhenIdleAsync() => Task.CompletedTask;
}

/// <summary>The runtime's manager behind the harness's interface.</summary>
public sealed class RuntimeSource : IStatusSource, IDisposable
{
    public PluginManager Manager { get; } = new();

    public void UpdatePluginStatus(string pluginName, PluginStatus status) => Manager.UpdatePluginStatus(pluginName, status);

    public void RegisterPluginStatusListener(string name, Action<PluginStatusSnapshot> listener) =>
        Manager.RegisterPluginStatusListener(name, listener);

    public PluginStatusSnapshot PluginStatus() => Manager.PluginStatus();

    public Task WhenIdleAsync() => Manager.WhenIdleAsync();

    public void Dispose() => Manager.Dispose();
}
