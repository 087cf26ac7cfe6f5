using BenchmarkDotNet.Attributes;
using OpaHealth;
using StaleSnapshot.Runtime;

namespace StaleSnapshot.Runtime.Benchmarks;

/// <summary>
/// Shared set-up of the contended benchmarks: a manager of the chosen design, its listeners, and a crew of updater
/// threads. An operation ends once every listener has been delivered the newest state, so deliveries count.
/// </summary>
public abstract class ContendedBenchmark
{
    private IPluginManager _manager = null!;
    private UpdaterCrew _crew = null!;

    [Params(Design.Naive, Design.NotifyUnderLock, Design.Runtime)]
    public Design Design { get; set; }

    [Params(1, 16, 64)]
    public int Updaters { get; set; }

    protected void Start(int totalUpdates, params Action<IReadOnlyDictionary<string, PluginStatus>>[] listeners)
    {
        _manager = Designs.Create(Design);
        for (var i = 0; i < listeners.Length; i++) _manager.RegisterPluginStatusListener($"listener-{i}", listeners[i]);
        _crew = new UpdaterCrew(Updaters, totalUpdates / Updaters, () => _manager, plugins: 16);
    }

    protected void RunRound()
    {
        _crew.Run();
        _manager.SettleAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _crew.Dispose();
        (_manager as IDisposable)?.Dispose();
    }
}

/// <summary>Update throughput: U updater threads share 4,096 updates of 16 plugins; L fast listeners. Per update.</summary>
[MemoryDiagnoser]
public class ContendedUpdates : ContendedBenchmark
{
    private const int TotalUpdates = 4_096;
    private int _sink;

    [Params(1, 16)]
    public int Listeners { get; set; }

    [GlobalSetup]
    public void Setup() =>
        Start(TotalUpdates, Enumerable.Repeat<Action<IReadOnlyDictionary<string, PluginStatus>>>(s => Volatile.Write(ref _sink, s.Count), Listeners).ToArray());

    [Benchmark(OperationsPerInvoke = TotalUpdates)]
    public void Update() => RunRound();
}

/// <summary>
/// The same with one listener that takes 1 ms (it sleeps, as a listener doing I/O would): 64 updates per
/// operation, shared by U updaters. Per update.
/// </summary>
[MemoryDiagnoser]
public class UpdatesWithASlowListener : ContendedBenchmark
{
    private const int TotalUpdates = 64;

    [GlobalSetup]
    public void Setup() => Start(TotalUpdates, _ => Thread.Sleep(1));

    [Benchmark(OperationsPerInvoke = TotalUpdates)]
    public void Update() => RunRound();
}

/// <summary>
/// The cost of one update on one thread, no listener, with P plugins already reporting: the naive design copies
/// every status on every update, ours shares all but a path of a persistent tree.
/// </summary>
[MemoryDiagnoser]
public class UpdateCostByPluginCount
{
    private const int Updates = 1_000;
    private IPluginManager _manager = null!;
    private string[] _names = null!;
    private int _tick;

    [Params(Design.Naive, Design.NotifyUnderLock, Design.Runtime)]
    public Design Design { get; set; }

    [Params(10, 100, 1_000)]
    public int Plugins { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _manager = Designs.Create(Design);
        _names = Enumerable.Range(0, Plugins).Select(p => $"plugin-{p}").ToArray();
        foreach (var name in _names) _manager.UpdatePluginStatus(name, PluginStatus.NotReady);
    }

    [Benchmark(OperationsPerInvoke = Updates)]
    public void Update()
    {
        // Each pass over the plugins flips their state, so every update really changes something.
        for (var u = 0; u < Updates; u++, _tick++)
        {
            _manager.UpdatePluginStatus(_names[_tick % Plugins], (_tick / Plugins & 1) == 0 ? PluginStatus.Ok : PluginStatus.NotReady);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => (_manager as IDisposable)?.Dispose();
}
