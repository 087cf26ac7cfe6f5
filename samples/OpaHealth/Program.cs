using OpaHealth;
using StaleSnapshot.Runtime;

var instances = ParseInstances(args);
Console.WriteLine($"Starting {instances} policy engines in parallel, first on the naive manager, then on StaleSnapshot.Runtime's.");
await ReportAsync("naive manager (copy under lock, notify after unlock)", instances, () => new NaivePluginManager());
await ReportAsync("StaleSnapshot.Runtime.PluginManager", instances, () => new OrderedPluginManager());

static async Task ReportAsync(string title, int instances, Func<IPluginManager> newManager)
{
    var engines = Enumerable.Range(0, instances).Select(i => new PolicyEngine($"bundle-{i:D3}", newManager())).ToList();
    var threads = engines.Select(engine => new Thread(engine.Start)).ToList();
    foreach (var thread in threads) thread.Start();
    foreach (var thread in threads) thread.Join();
    foreach (var engine in engines) await engine.Manager.SettleAsync();

    var stale = engines.Where(e => !e.IsHealthy && AllOk(e.Manager.PluginStatus())).ToList();
    Console.WriteLine($"{title}: {stale.Count} of {instances} engines believe they are unhealthy while their manager says all plugins are OK");
    foreach (var engine in stale.Take(3))
    {
        Console.WriteLine($"  {engine.Name}: healthy=false, manager: {string.Join(", ", engine.Manager.PluginStatus().OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value.State}"))}");
    }
    foreach (var engine in engines) (engine.Manager as IDisposable)?.Dispose();
}

static bool AllOk(IReadOnlyDictionary<string, PluginStatus> statuses) => statuses.Values.All(s => s.State == PluginState.Ok);

static int ParseInstances(string[] args)
{
    var at = Array.IndexOf(args, "--instances");
    if (at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var count) && count > 0) return count;
    if (at >= 0)
    {
        Console.Error.WriteLine("usage: OpaHealth [--instances N]   (N > 0, default 64)");
        Environment.Exit(2);
    }
    return 64;
}
