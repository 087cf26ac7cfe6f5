using StaleSnapshot.Runtime;

namespace OpaHealth;

/// <summary>
/// One embedded policy engine, as Skipper runs one per policy bundle: its plugins report their status to the
/// manager from their own threads, and a listener keeps the engine's health flag up to date.
/// </summary>
public sealed class PolicyEngine
{
    private static readonly string[] BackgroundPlugins = ["discovery", "status", "decision_logs"];

    private readonly IPluginManager _manager;
    private readonly ManualResetEventSlim _bundleActivated = new();
    private readonly StatusReporter _statusReporter;
    private volatile bool _healthy;

    public PolicyEngine(string name, IPluginManager manager)
    {
        Name = name;
        _manager = manager;
        // OPA's status plugin listens too: it hands each snapshot to its own reporting loop and waits for it.
        _statusReporter = new StatusReporter(name);
        _manager.RegisterPluginStatusListener("status-report", statuses => _statusReporter.Send(statuses));
        _manager.RegisterPluginStatusListener("health", statuses => _healthy = AllPluginsReady(statuses));
    }

    public string Name { get; }

    public bool IsHealthy => _healthy;

    public IPluginManager Manager => _manager;

    /// <summary>Starts every plugin on its own thread and returns once they have all reported.</summary>
    public void Start()
    {
        var threads = new List<Thread> { new(RunBundlePlugin) };
        threads.AddRange(BackgroundPlugins.Select(plugin => new Thread(() => RunBackgroundPlugin(plugin))));
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        _statusReporter.Stop();
    }

    private void RunBundlePlugin()
    {
        _manager.UpdatePluginStatus("bundle", PluginStatus.NotReady);
        BundleCompiler.Compile(Name);
        // Activation wakes the plugins that react to a new bundle, then the bundle plugin reports OK:
        // once, and never again, so nothing corrects a stale NOT_READY.
        _bundleActivated.Set();
        _manager.UpdatePluginStatus("bundle", PluginStatus.Ok);
    }

    private void RunBackgroundPlugin(string plugin)
    {
        _manager.UpdatePluginStatus(plugin, PluginStatus.NotReady);
        Thread.Sleep(Random.Shared.Next(0, 3));
        _manager.UpdatePluginStatus(plugin, PluginStatus.Ok);
        // Like OPA's status and discovery plugins, report again when a bundle gets activated.
        _bundleActivated.Wait();
        _manager.UpdatePluginStatus(plugin, PluginStatus.Ok);
    }

    private static bool AllPluginsReady(IReadOnlyDictionary<string, PluginStatus> statuses) =>
        statuses.Count > BackgroundPlugins.Length && statuses.Values.All(s => s.State == PluginState.Ok);
}
