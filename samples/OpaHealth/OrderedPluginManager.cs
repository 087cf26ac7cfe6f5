using StaleSnapshot.Runtime;

namespace OpaHealth;

/// <summary>The same API backed by StaleSnapshot.Runtime's <see cref="PluginManager"/>, which delivers in order.</summary>
public sealed class OrderedPluginManager : IPluginManager, IDisposable
{
    private readonly PluginManager _manager = new();

    public void UpdatePluginStatus(string pluginName, PluginStatus status) => _manager.UpdatePluginStatus(pluginName, status);

    public void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, PluginStatus>> listener) =>
        _manager.RegisterPluginStatusListener(name, snapshot => listener(snapshot));

    public IReadOnlyDictionary<string, PluginStatus> PluginStatus() => _manager.PluginStatus();

    public Task SettleAsync() => _manager.WhenIdleAsync();

    public void Dispose() => _manager.Dispose();
}
