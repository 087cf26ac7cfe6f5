using OpaHealth;
using StaleSnapshot.Runtime;

// The talk's scale finding as a command: N policy engines started in parallel, on the naive manager and on
// StaleSnapshot.Runtime's, for growing N. An engine is stale when it believes it is unhealthy while its own
// manager says every plugin is OK: it stays that way, since the bundle plugin reports OK only once.
int[] scales = args.Length > 0 ? args.Select(int.Parse).ToArray() : [8, 16, 32, 64, 128, 256];

Console.WriteLine($"{"instances",9} | {"naive: stale",12} | {"runtime: stale",14}");
Console.WriteLine($"{new string('-', 9)} | {new string('-', 12)} | {new string('-', 14)}");
var runtimeStale = 0;
foreach (var instances in scales)
{
    var naive = await CountStaleAsync(instances, () => new NaivePluginManager());
    var ordered = await CountStaleAsync(instances, () => new OrderedPluginManager());
    runtimeStale += ordered;
    Console.WriteLine($"{instances,9} | {naive,12} | {ordered,14}");
}
return runtimeStale == 0 ? 0 : 1;

static async Task<int> CountStaleAsync(int instances, Func<IPluginManager> newManager)
{
    var engines = Enumerable.Range(0, instances).Select(i => new PolicyEngine($"bundle-{i:D3}", newManager())).ToList();
    var threads = engines.Select(engine => new Thread(engine.Start)).ToList();
    threads.ForEach(thread => thread.Start());
    threads.ForEach(thread => thread.Join());
    foreach (var engine in engines) await engine.Manager.SettleAsync();
    var stale = engines.Count(e => !e.IsHealthy && e.Manager.PluginStatus().Values.All(s => s.State == PluginState.Ok));
    foreach (var engine in engines) (engine.Manager as IDisposable)?.Dispose();
    return stale;
}
