using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace StaleSnapshot.Analyzers.Benchmarks;

/// <summary>
/// A synthetic project: <c>files</c> files of about 100 lines, one in 20 with listener registrations of every
/// shape the analyzers know and a producer that notifies after unlocking (seven reported), the rest ordinary code
/// full of lambdas and calls, each file with one method that takes a lock.
/// </summary>
internal static class GeneratedProject
{
    public const int RegistrationEvery = 20;

    /// <summary>Diagnostics each registration file must produce: five SNAP001, one SNAP002 and one SNAP003.</summary>
    public const int DiagnosticsPerRegistrationFile = 7;

    public static CSharpCompilation Create(int files)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(Sources, options, "Sources.cs") };
        for (var i = 0; i < files; i++)
        {
            var text = i % RegistrationEvery == 0 ? OrdinaryFile(i, withRegistrations: true) : OrdinaryFile(i, withRegistrations: false);
            trees.Add(CSharpSyntaxTree.ParseText(text, options, $"File{i}.cs"));
        }
        return CSharpCompilation.Create(
            "Generated",
            trees,
            [
                .. Basic.Reference.Assemblies.Net100.References.All,
                MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Options.IOptionsMonitor<>).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Primitives.IChangeToken).Assembly.Location),
                MetadataReference.CreateFromFile(typeof(System.Reactive.Subjects.BehaviorSubject<>).Assembly.Location),
            ],
            // Serial: a parallel build's waiting thread spins, and processor time would count the spinning.
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false));
    }

    public static int ExpectedDiagnostics(int files) => (files + RegistrationEvery - 1) / RegistrationEvery * DiagnosticsPerRegistrationFile;

    private const string Sources = """
        using System;
        using System.Collections.Generic;

        namespace Generated;

        public enum State { NotReady, Ok }

        public class Manager
        {
            public void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, State>> listener) { }
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
        }

        public record Status(bool Ready);

        public sealed class StatusChangedEventArgs(Status status) : EventArgs
        {
            public Status Status { get; } = status;
        }

        public class Connection
        {
            public Status Current => new(true);
            public event EventHandler<StatusChangedEventArgs>? StatusChanged;
            public void Raise() => StatusChanged?.Invoke(this, new(Current));
        }

        public class LimitsOptions { public int Limit { get; set; } }
        """;

    private static string OrdinaryFile(int index, bool withRegistrations)
    {
        var code = new StringBuilder();
        code.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Text;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Options;

            namespace Generated.Part{{index}};

            public sealed class Worker{{index}}
            {
                private readonly List<int> _items = new();
                private readonly Dictionary<string, int> _counts = new();
                private int _total;
                private string _name = "worker{{index}}";
                private readonly object _gate = new();
                private Action<int>? _changed;

                public Worker{{index}}(int seed)
                {
                    for (var k = 0; k < 10; k++) _items.Add(seed + k);
                }

                public int EvenSum() => _items.Where(x => x % 2 == 0).Select(x => x * 2).Sum();

                public IReadOnlyList<string> Names() => _items.OrderBy(x => -x).Select(x => $"{_name}-{x}").ToList();

                public void Count(IEnumerable<string> words)
                {
                    foreach (var word in words)
                    {
                        _counts[word] = _counts.TryGetValue(word, out var seen) ? seen + 1 : 1;
                    }
                    _items.ForEach(x => _total += x);
                }

                public string Describe(int value) => value switch
                {
                    < 0 => "negative",
                    0 => "zero",
                    < 10 => "small",
                    _ => "large",
                };

                public async Task<int> LoadAsync(Func<int, Task<int>> fetch)
                {
                    var results = await Task.WhenAll(_items.Select(fetch));
                    return results.Aggregate(0, (sum, next) => sum + next);
                }

                public string Render()
                {
                    var builder = new StringBuilder();
                    foreach (var pair in _counts.OrderBy(p => p.Key))
                    {
                        builder.Append(pair.Key).Append('=').Append(pair.Value).AppendLine();
                    }
                    return builder.ToString();
                }

                public int Fold(int seed)
                {
                    var acc = seed;
                    for (var k = 0; k < _items.Count; k++)
                    {
                        acc = k % 3 == 0 ? acc + _items[k] : acc ^ _items[k];
                    }
                    return acc;
                }

                public void Add(int item)
                {
                    lock (_gate)
                    {
                        _items.Add(item);
                        _total += item;
                        _changed?.Invoke(_total);
                    }
                }

                public bool TryFind(Predicate<int> match, out int found)
                {
                    var index = _items.FindIndex(match);
                    found = index >= 0 ? _items[index] : 0;
                    return index >= 0;
                }
            }

            """);
        if (withRegistrations)
        {
            code.Append($$"""
                public sealed class Listeners{{index}}
                {
                    private bool _healthy;
                    private Status? _status;
                    private int _load;
                    private LimitsOptions? _options;
                    private int _count;

                    public Listeners{{index}}(Generated.Manager manager, Generated.Connection connection,
                        System.Reactive.Subjects.BehaviorSubject<int> load, IOptionsMonitor<LimitsOptions> monitor)
                    {
                        manager.RegisterPluginStatusListener("health", statuses => _healthy = statuses.Values.All(s => s == State.Ok));
                        manager.RegisterPluginStatusListener("count", OnStatus);
                        connection.StatusChanged += (sender, e) => _status = e.Status;
                        load.Subscribe(value => _load = value);
                        monitor.OnChange(options => _options = options);
                        manager.RegisterPluginStatusListener("local", Local);
                        manager.RegisterPluginStatusListener("quiet", statuses => Console.WriteLine(statuses.Count));

                        void Local(IReadOnlyDictionary<string, State> statuses) { if (statuses.Count == 0) return; _healthy = true; }
                    }

                    private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
                }

                public sealed class Producer{{index}}
                {
                    private readonly object _gate = new();
                    private readonly List<Action<int>> _listeners = new();
                    private int _version;

                    public void Bump()
                    {
                        int version;
                        Action<int>[] listeners;
                        lock (_gate)
                        {
                            version = ++_version;
                            listeners = _listeners.ToArray();
                        }
                        foreach (var listener in listeners) listener(version);
                    }
                }

                """);
        }
        else
        {
            // 100 lines per ordinary file; registration files are a third longer (132 lines), about 102 on average.
            for (var k = 0; k < 12; k++) code.AppendLine($"// padding line {k}: ordinary files carry no listeners.");
        }
        return code.ToString();
    }
}
