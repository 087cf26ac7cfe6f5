using StaleSnapshot.Runtime;

namespace OpaHealth;

/// <summary>The plugin manager API each policy engine talks to (Open Policy Agent's, ported).</summary>
public interface IPluginManager
{
    void UpdatePluginStatus(string pluginName, PluginStatus status);

    void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, PluginStatus>> listener);

    IReadOnlyDictionary<string, PluginStatus> PluginStatus();

    /// <summary>Completes when no listener call is pending.</summary>
    Task SettleAsync();
}
