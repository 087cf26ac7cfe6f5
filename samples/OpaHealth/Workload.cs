using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using StaleSnapshot.Runtime;

namespace OpaHealth;

/// <summary>Stands in for parsing and compiling a policy bundle: CPU work that keeps the cores busy.</summary>
internal static class BundleCompiler
{
    public static void Compile(string name)
    {
        var digest = Encoding.UTF8.GetBytes(name);
        for (var round = 0; round < 2_000; round++) digest = SHA256.HashData(digest);
    }
}

/// <summary>
/// OPA's status plugin: a loop of its own turns each snapshot into a report and logs it. Listeners hand
/// snapshots over through a one-slot queue and wait while the loop is busy, as an unbuffered Go channel does.
/// </summary>
internal sealed class StatusReporter
{
    private readonly BlockingCollection<IReadOnlyDictionary<string, PluginStatus>> _reports = new(boundedCapacity: 1);
    private readonly Thread _loop;

    public StatusReporter(string engine)
    {
        _loop = new Thread(() =>
        {
            foreach (var statuses in _reports.GetConsumingEnumerable())
            {
                Log.Write(engine + ": " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value.State}")));
            }
        });
        _loop.Start();
    }

    public void Send(IReadOnlyDictionary<string, PluginStatus> statuses) => _reports.Add(statuses);

    public void Stop()
    {
        _reports.CompleteAdding();
        _loop.Join();
    }
}

/// <summary>The process-wide log every engine writes to (kept in memory here), serialized by one lock.</summary>
internal static class Log
{
    private static readonly TextWriter Sink = TextWriter.Synchronized(new StringWriter());

    public static void Write(string line) => Sink.WriteLine(line);
}
