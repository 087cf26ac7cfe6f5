namespace StaleSnapshot.Analyzers.Tests;

internal static partial class AnalyzerCases
{
    public const string Usings = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>An OPA-shaped source written the naive way, as users have it.</summary>
    public const string ManagerTypes = """
        public enum State { NotReady, Ok }

        public class Manager
        {
            public void UpdatePluginStatus(string name, State state) { }
            public void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, State>> listener) { }
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
        }

        """;

    public const string Source = Usings + ManagerTypes;

    private static string[] ManagerArguments => ["Manager", "PluginStatus()"];

    private static AnalyzerCase Opa(string name, string code) =>
        new(name, Source + code, DiagnosticIds.StaleSnapshotListener, ManagerArguments);

    /// <summary>An engine with the usual fields, registering <paramref name="listener"/> in its constructor.</summary>
    private static string Engine(string listener, string members = "") => $$"""
        class Engine
        {
            private bool _healthy;
            private int _count;
            private string _text = "";
            private IReadOnlyDictionary<string, State>? _last;
            private DateTime _stamp;
            {{members}}
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("health", {{listener}});
            }
        }
        """;

    private static AnalyzerCase OpaEngine(string name, string listener, string members = "") =>
        Opa(name, Engine("{|#0:" + listener + "|}", members));

    private static AnalyzerCase QuietEngine(string name, string listener, string members = "") =>
        new(name, Source + Engine(listener, members));

    /// <summary>A minimal source for listeners kept in fields: a hub with its current status.</summary>
    private const string StatusHub = """
        public record Status(bool Ready);
        public class Hub
        {
            public Status Current => new(true);
            public void AddListener(Action<Status> listener) { }
        }

        """;

    private const string Connection = """
        public record Status(bool Ready);
        public sealed class StatusChangedEventArgs(Status status, DateTime at) : EventArgs
        {
            public Status Status { get; } = status;
            public DateTime At { get; } = at;
        }
        public class Connection
        {
            public Status Current => new(true);
            public event EventHandler<StatusChangedEventArgs>? StatusChanged;
            public event Action<Status>? Changed;
            public void Raise() { StatusChanged?.Invoke(this, new(Current, DateTime.UtcNow)); Changed?.Invoke(Current); }
        }

        """;

    /// <summary>Like <see cref="Connection"/>, with event arguments that also carry a sequence number.</summary>
    private const string SequencedConnection = """
        public record Status(bool Ready);
        public sealed class StatusEventArgs(Status status, int seq) : EventArgs
        {
            public Status Status { get; } = status;
            public int Seq { get; } = seq;
        }
        public class Connection
        {
            public Status Current => new(true);
            public event EventHandler<StatusEventArgs>? StatusChanged;
            public void Raise() => StatusChanged?.Invoke(this, new(Current, 1));
        }

        """;

    internal static AnalyzerCase SequencedWatcher(string name, string handler, string field, bool reported) => new(
        name,
        Usings + SequencedConnection + $$"""
            class Watcher
            {
                private {{field}};
                public Watcher(Connection connection) => connection.StatusChanged += {{(reported ? "{|#0:" + handler + "|}" : handler)}};
            }
            """,
        reported ? DiagnosticIds.StaleSnapshotListener : null,
        reported ? ConnectionArguments : null);

    /// <summary>A source of versioned snapshots, and a consumer registering <c>{0}</c> with a lock and fields to use.</summary>
    internal static string VersionedConsumer(string listener) => Usings + """
        public sealed record Snapshot(long Version, bool Healthy);
        public class Feed
        {
            public Snapshot Current => new(0, false);
            public void Subscribe(Action<Snapshot> listener) { }
        }
        class Consumer
        {
            private readonly object _gate = new();
            private Snapshot? _last;
            private long _version;
            private bool _healthy;
            public Consumer(Feed feed) => feed.Subscribe(
        """ + listener + """
        );
        }
        """;

    private static string[] FeedArguments => ["Feed", "Current"];

    /// <summary>A tree whose nodes link to their parent; <c>{0}</c> are the tree's members taking a delegate.</summary>
    private static string TreeTypes(string treeMembers) => Usings + """
        public class Node
        {
            private readonly List<Node> _children = new();
            public Node? Parent { get; private set; }
            public IReadOnlyList<Node> Children => _children;
            public event Action<Node>? ChildAdded;
            public void OnChildAdded(Action<Node> handler) => ChildAdded += handler;
            public void Add(Node child) { child.Parent = this; _children.Add(child); ChildAdded?.Invoke(child); }
        }
        public class Tree
        {
            public Node Root { get; } = new();
        """ + treeMembers + """

        }

        """;

    private const string OwnSnapshotSourceAttribute = """
        namespace Vendor
        {
            [AttributeUsage(AttributeTargets.Method | AttributeTargets.Event)]
            sealed class SnapshotSourceAttribute(string currentState) : Attribute { public string CurrentState { get; } = currentState; }
        }

        """;

    private static string[] ConnectionArguments => ["Connection", "Current"];

    public static IReadOnlyList<AnalyzerCase> Snap001Reported => field ??=
    [
        OpaEngine("expression lambda into a field", "statuses => _healthy = statuses.Values.All(s => s == State.Ok)"),
        OpaEngine("block lambda through locals into a property with a private setter", """
            (statuses) =>
                    {
                        var ready = statuses.Where(s => s.Value == State.Ok).ToList();
                        var all = ready.Count == statuses.Count;
                        Healthy = all;
                    }
            """, "public bool Healthy { get; private set; }"),
        OpaEngine("anonymous method into a static field", "delegate (IReadOnlyDictionary<string, State> statuses) { ReadyCount = statuses.Count; }",
            "public static int ReadyCount;"),
        OpaEngine("static lambda into a static property", "static statuses => Ready = statuses.Count > 0",
            "public static bool Ready { get; private set; }"),
        OpaEngine("async lambda storing after an await", "async statuses => { await Task.Yield(); _count = statuses.Count; }"),
        OpaEngine("value flowing through await", "async statuses => { var count = await Task.FromResult(statuses.Count); _count = count; }"),
        Opa("store into a captured local", """
            class Engine
            {
                public Func<bool> Watch(Manager manager)
                {
                    var healthy = false;
                    manager.RegisterPluginStatusListener("health", {|#0:statuses => { healthy = statuses.Count > 0; }|});
                    return () => healthy;
                }
            }
            """),
        OpaEngine("Volatile.Write into a field", "statuses => Volatile.Write(ref _last, statuses)"),
        OpaEngine("Interlocked.Exchange into a field", "statuses => Interlocked.Exchange(ref _last, statuses)"),
        OpaEngine("Interlocked.CompareExchange into a field", "statuses => Interlocked.CompareExchange(ref _last, statuses, null)"),
        OpaEngine("dictionary indexer write", "statuses => _byName[\"all\"] = statuses",
            "private readonly Dictionary<string, IReadOnlyDictionary<string, State>> _byName = new();"),
        OpaEngine("array element write with a snapshot-derived index", "statuses => _seen[statuses.Count % 4] = true",
            "private readonly bool[] _seen = new bool[4];"),
        OpaEngine("ConcurrentDictionary.TryAdd on a field", "statuses => _history.TryAdd(statuses.Count, statuses)",
            "private readonly ConcurrentDictionary<int, IReadOnlyDictionary<string, State>> _history = new();"),
        OpaEngine("ConcurrentDictionary.AddOrUpdate on a field", "statuses => _history.AddOrUpdate(\"last\", statuses, (_, _) => statuses)",
            "private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, State>> _history = new();"),
        OpaEngine("set Add on a field", "statuses => { foreach (var name in statuses.Keys) _names.Add(name); }",
            "private readonly HashSet<string> _names = new();"),
        OpaEngine("store inside a nested lambda capturing the snapshot", "statuses => Task.Run(() => _healthy = statuses.Count > 0)"),
        OpaEngine("element stored from a nested ForEach lambda", "statuses => statuses.Keys.ToList().ForEach(name => _text = name)"),
        OpaEngine("one call away: a method that stores its parameter", "statuses => Remember(statuses)",
            "private void Remember(IReadOnlyDictionary<string, State> snapshot) { _last = snapshot; }"),
        OpaEngine("one call away with a derived value", "statuses => Publish(statuses.Count(s => s.Value == State.Ok))",
            "private void Publish(int ready) => _count = ready;"),
        OpaEngine("ternary", "statuses => _text = statuses.Count > 0 ? \"up\" : \"down\""),
        OpaEngine("switch expression", "statuses => _healthy = statuses.Count switch { 0 => false, _ => true }"),
        OpaEngine("LINQ query", """
            statuses =>
                    {
                        var ready = from s in statuses where s.Value == State.Ok select s.Key;
                        _text = string.Join(",", ready);
                    }
            """),
        OpaEngine("string building", """
            statuses =>
                    {
                        var builder = new StringBuilder();
                        foreach (var pair in statuses) builder.Append(pair.Key).Append('=').Append(pair.Value);
                        _text = builder.ToString();
                    }
            """),
        OpaEngine("interpolated string", "statuses => _text = $\"{statuses.Count} plugins\""),
        OpaEngine("pattern variable", "statuses => { if (statuses is Dictionary<string, State> { Count: > 0 } d) _last = d; }"),
        OpaEngine("constant decided by a condition on the snapshot", """
            statuses =>
                    {
                        if (statuses.Values.All(v => v == State.Ok)) _healthy = true;
                        else _healthy = false;
                    }
            """),
        OpaEngine("constant stored after a guard on the snapshot", """
            statuses =>
                    {
                        if (statuses.Count == 0) return;
                        _healthy = true;
                    }
            """),
        OpaEngine("first snapshot kept with ??=", "statuses => _last ??= statuses"),
        Opa("named arguments", """
            class Engine
            {
                private int _count;
                public Engine(Manager manager) =>
                    manager.RegisterPluginStatusListener(listener: {|#0:statuses => _count = statuses.Count|}, name: "health");
            }
            """),
        OpaEngine("method group on the same type, also called directly", "OnStatus", """
            private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _healthy = statuses.Count > 0;
            public void Reset() => OnStatus(new Dictionary<string, State>());
            """),
        Opa("method group on another type", """
            class Tracker
            {
                public int Ready { get; private set; }
                public void Track(IReadOnlyDictionary<string, State> statuses) { Ready = statuses.Count(s => s.Value == State.Ok); }
            }
            class Engine
            {
                public Engine(Manager manager, Tracker tracker) => manager.RegisterPluginStatusListener("health", {|#0:tracker.Track|});
            }
            """),
        Opa("local function", """
            class Engine
            {
                private bool _healthy;
                public Engine(Manager manager)
                {
                    manager.RegisterPluginStatusListener("health", {|#0:OnStatus|});

                    void OnStatus(IReadOnlyDictionary<string, State> statuses) => _healthy = statuses.Count > 0;
                }
            }
            """),
        new("top-level statements", Usings + """
            var manager = new Manager();
            var healthy = false;
            manager.RegisterPluginStatusListener("health", {|#0:statuses => healthy = statuses.Count > 0|});
            Console.WriteLine(healthy);

            """ + ManagerTypes, DiagnosticIds.StaleSnapshotListener, ManagerArguments) { Executable = true },
        Opa("record", """
            record Engine(Manager Manager)
            {
                public bool Healthy { get; private set; }
                public void Start() => Manager.RegisterPluginStatusListener("health", {|#0:statuses => Healthy = statuses.Count > 0|});
            }
            """),
        Opa("struct", """
            struct Watcher
            {
                private static int s_count;
                public void Start(Manager manager) => manager.RegisterPluginStatusListener("health", {|#0:statuses => s_count = statuses.Count|});
            }
            """),
        Opa("class with a primary constructor", """
            class Engine(Manager manager)
            {
                private bool _healthy;
                public void Start() => manager.RegisterPluginStatusListener("health", {|#0:statuses => _healthy = statuses.Count > 0|});
            }
            """),
        new("source reached through an interface", """
            using System;
            public record Config(int Limit);
            public interface IConfigSource
            {
                Config Current { get; }
                void Subscribe(Action<Config> onChange);
            }
            class Consumer
            {
                private int _limit;
                public Consumer(IConfigSource source) => source.Subscribe({|#0:config => _limit = config.Limit|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["IConfigSource", "Current"]),
        new("event whose arguments carry the state", Usings + Connection + """
            class Watcher
            {
                private Status? _last;
                public Watcher(Connection connection) => connection.StatusChanged += {|#0:(sender, e) => _last = e.Status|};
            }
            """, DiagnosticIds.StaleSnapshotListener, ConnectionArguments),
        new("older snapshot dropped without a lock", VersionedConsumer("""
            {|#0:s =>
                {
                    if (_last is not null && s.Version <= _last.Version) return;
                    _last = s;
                }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("older snapshot dropped before taking the lock that guards the store", VersionedConsumer("""
            {|#0:s =>
                {
                    if (_last is not null && s.Version <= _last.Version) return;
                    lock (_gate) { _last = s; }
                }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("snapshot compared under the lock with another member than the one stored", VersionedConsumer("""
            {|#0:s => { lock (_gate) { if (s.Version > _version) _last = s; } }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("snapshot compared with the stored value under the lock, stored from a nested lambda", VersionedConsumer("""
            {|#0:s => { lock (_gate) { if (s.Version > _version) Task.Run(() => _version = s.Version); } }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("newer snapshot dropped under the lock: the check is the wrong way round", VersionedConsumer("""
            {|#0:s => { lock (_gate) { if (_last is not null && s.Version >= _last.Version) return; _last = s; } }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("newer snapshot dropped under the lock, the stored value written first", VersionedConsumer("""
            {|#0:s => { lock (_gate) { if (_last is not null && _last.Version <= s.Version) return; _last = s; } }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("second store behind the check, the lock released between it and the store of the compared member", VersionedConsumer("""
            {|#0:s =>
                {
                    lock (_gate)
                    {
                        if (_last is not null && s.Version <= _last.Version) return;
                        _last = s;
                        Monitor.Wait(_gate, 10);
                        _healthy = s.Healthy;
                    }
                }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("older snapshot dropped under the lock, which is released by a wait before the store", VersionedConsumer("""
            {|#0:s =>
                {
                    lock (_gate)
                    {
                        if (_last is not null && s.Version <= _last.Version) return;
                        Monitor.Wait(_gate, 10);
                        _last = s;
                    }
                }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("older snapshot dropped under a lock of the instance, storing a static member", Usings + """
            public sealed record Snapshot(long Version);
            public class Feed
            {
                public Snapshot Current => new(0);
                public void Subscribe(Action<Snapshot> listener) { }
            }
            class Consumer
            {
                private readonly object _gate = new();
                private static Snapshot? s_last;
                public Consumer(Feed feed) => feed.Subscribe({|#0:s => { lock (_gate) { if (s_last is not null && s.Version <= s_last.Version) return; s_last = s; } }|});
            }
            """, DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("older snapshot dropped under a lock held by a field of the snapshot", Usings + """
            public sealed record Snapshot(long Version)
            {
                public readonly object Gate = new();
            }
            public class Feed
            {
                public Snapshot Current => new(0);
                public void Subscribe(Action<Snapshot> listener) { }
            }
            class Consumer
            {
                private Snapshot? _last;
                public Consumer(Feed feed) => feed.Subscribe({|#0:s => { lock (s.Gate) { if (_last is not null && s.Version <= _last.Version) return; _last = s; } }|});
            }
            """, DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("older snapshot dropped under a lock that every call takes anew", VersionedConsumer("""
            {|#0:s => { lock (new object()) { if (_last is not null && s.Version <= _last.Version) return; _last = s; } }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("older snapshot dropped under a lock on the snapshot itself", VersionedConsumer("""
            {|#0:s => { lock (s) { if (_last is not null && s.Version <= _last.Version) return; _last = s; } }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("second store behind the check, the compared member stored only when healthy", VersionedConsumer("""
            {|#0:s =>
                {
                    lock (_gate)
                    {
                        if (_last is not null && s.Version <= _last.Version) return;
                        if (s.Healthy) _last = s;
                        _healthy = s.Healthy;
                    }
                }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("second store behind the check, an exit between it and the store of the compared member", VersionedConsumer("""
            {|#0:s =>
                {
                    lock (_gate)
                    {
                        if (_last is not null && s.Version <= _last.Version) return;
                        _healthy = s.Healthy;
                        if (!s.Healthy) return;
                        _last = s;
                    }
                }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("second store behind a check on a member that is not stored", VersionedConsumer("""
            {|#0:s => { lock (_gate) { if (s.Version > _version) { _last = s; _healthy = s.Healthy; } } }|}
            """), DiagnosticIds.StaleSnapshotListener, FeedArguments),
        new("source that also implements the snapshot's interface", """
            using System;
            public interface IState { int Version { get; } }
            public class Hub : IState
            {
                public int Version => 1;
                public IState Current() => this;
                public void Watch(Action<IState> listener) { }
            }
            class Consumer
            {
                private IState? _state;
                public Consumer(Hub hub) => hub.Watch({|#0:s => _state = s|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Hub", "Current()"]),
        new("registration whose code keeps the delegate in a collection", TreeTypes("""
                private readonly List<Action<Node>> _listeners = new();
                public void OnNodeAdded(Action<Node> listener) => Keep(listener);
                private void Keep(Action<Node> listener) { listener(Root); _listeners.Add(listener); }
            """) + """
            class Index
            {
                private Node? _last;
                public Index(Tree tree) => tree.OnNodeAdded({|#0:n => _last = n|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Tree", "Root"]),
        new("registration whose code hands the delegate to framework code that calls it later", TreeTypes("""
                public void OnNodeAdded(Action<Node> listener) => ThreadPool.QueueUserWorkItem(listener, Root, preferLocal: false);
            """) + """
            class Index
            {
                private Node? _last;
                public Index(Tree tree) => tree.OnNodeAdded({|#0:n => _last = n|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Tree", "Root"]),
        new("registration whose async code hands the delegate to List<T>.ForEach after an await", TreeTypes("""
                private readonly List<Node> _all = new();
                public async Task OnNodesLoaded(Action<Node> listener) { await Task.Yield(); _all.ForEach(listener); }
            """) + """
            class Index
            {
                private Node? _last;
                public Index(Tree tree) => _ = tree.OnNodesLoaded({|#0:n => _last = n|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Tree", "Root"]),
        new("registration whose partial async code calls the delegate after an await", Usings + """
            public record Status(bool Ready);
            public partial class Hub
            {
                public Status Current => new(true);
                public partial Task WhenReady(Action<Status> listener);
                public async partial Task WhenReady(Action<Status> listener) { await Task.Delay(10); listener(Current); }
            }
            class Watcher
            {
                private Status? _last;
                public Watcher(Hub hub) => _ = hub.WhenReady({|#0:s => _last = s|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Hub", "Current"]),
        new("registration whose code calls the delegate from a nested function", TreeTypes("""
                public void OnNodeAdded(Action<Node> listener) => Task.Run(() => listener(Root));
            """) + """
            class Index
            {
                private Node? _last;
                public Index(Tree tree) => tree.OnNodeAdded({|#0:n => _last = n|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Tree", "Root"]),
        new("event passing the state itself", Usings + Connection + """
            class Watcher
            {
                private bool _ready;
                public Watcher(Connection connection) => connection.Changed += {|#0:status => _ready = status.Ready|};
            }
            """, DiagnosticIds.StaleSnapshotListener, ConnectionArguments),
        new("event handled by a method group", Usings + Connection + """
            class Watcher
            {
                private bool _ready;
                public Watcher(Connection connection) => connection.StatusChanged += {|#0:OnStatusChanged|};
                private void OnStatusChanged(object? sender, StatusChangedEventArgs e) { if (e.Status.Ready) _ready = true; }
            }
            """, DiagnosticIds.StaleSnapshotListener, ConnectionArguments),
        new("BehaviorSubject Subscribe(onNext)", Usings + """
            using System.Reactive.Subjects;
            class Dashboard
            {
                private int _load;
                public Dashboard(BehaviorSubject<int> load) => load.Subscribe({|#0:value => _load = value|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["BehaviorSubject<int>", "Value"]),
        new("BehaviorSubject Subscribe(onNext, onError)", Usings + """
            using System.Reactive.Subjects;
            class Dashboard
            {
                private string _mode = "";
                public Dashboard(BehaviorSubject<string> mode) => mode.Subscribe({|#0:value => _mode = value|}, error => Console.WriteLine(error));
            }
            """, DiagnosticIds.StaleSnapshotListener, ["BehaviorSubject<string>", "Value"]),
        new("registration marked with the runtime's [SnapshotSource]", Usings + """
            public static class Feed
            {
                public static decimal Latest { get; private set; }
                [StaleSnapshot.Runtime.SnapshotSource(nameof(Latest))]
                public static void Subscribe(Action<decimal> onQuote) { }
            }
            class Trader
            {
                private decimal _price;
                public Trader() => Feed.Subscribe({|#0:quote => _price = quote|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Feed", "Latest"]),
        new("registration marked with a library's own [SnapshotSource] copy", Usings + OwnSnapshotSourceAttribute + """
            public class Feed
            {
                internal decimal Latest { get; private set; }
                [Vendor.SnapshotSource(nameof(Latest))]
                public void Subscribe(Action<decimal> onQuote) { }
            }
            class Trader
            {
                private decimal _price;
                public Trader(Feed feed) => feed.Subscribe({|#0:quote => _price = quote|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Feed", "Latest"]),
        new("registration named in the configuration file", Usings + """
            namespace Vendor
            {
                public static class Ticker
                {
                    public static decimal Price;
                    public static void Listen(Action<decimal> onTick) { }
                }
            }
            class Trader
            {
                private decimal _price;
                public Trader() => Vendor.Ticker.Listen({|#0:tick => _price = tick|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Ticker", "Price"])
        {
            Configuration = """
                # Third-party sources that may deliver out of order.
                M:Vendor.Ticker.Listen(System.Action{System.Decimal})   F:Vendor.Ticker.Price   # fires from a timer pool

                """,
        },
        new("generic registration named in the configuration file", Usings + """
            namespace Vendor
            {
                public class Stream<T>
                {
                    public T Head = default!;
                    public void Watch(Action<T> onItem) { }
                }
            }
            class Reader
            {
                private int _head;
                public Reader(Vendor.Stream<int> stream) => stream.Watch({|#0:item => _head = item|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Stream<int>", "Head"])
        {
            Configuration = "M:Vendor.Stream`1.Watch(System.Action{`0}) F:Vendor.Stream`1.Head\n",
        },
        Opa("listener kept in a local to remove later", """
            class Engine
            {
                private bool _healthy;
                public Engine(Manager manager)
                {
                    Action<IReadOnlyDictionary<string, State>> listener = statuses => _healthy = statuses.Values.All(s => s == State.Ok);
                    manager.RegisterPluginStatusListener("health", {|#0:listener|});
                }
            }
            """),
        Opa("method group kept in a local created with new", """
            class Engine
            {
                private int _count;
                public Engine(Manager manager)
                {
                    var listener = new Action<IReadOnlyDictionary<string, State>>(OnStatus);
                    manager.RegisterPluginStatusListener("health", {|#0:listener|});
                }
                private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
            }
            """),
        new("event handler kept in a readonly field, registered outside the constructor", Usings + Connection + """
            class Watcher : IDisposable
            {
                private readonly Connection _connection;
                private readonly EventHandler<StatusChangedEventArgs> _onChanged;
                private Status? _last;
                public Watcher(Connection connection)
                {
                    _connection = connection;
                    this._onChanged = (sender, e) => _last = e.Status;
                }
                public void Start() => _connection.StatusChanged += {|#0:_onChanged|};
                public void Dispose() => _connection.StatusChanged -= _onChanged;
            }
            """, DiagnosticIds.StaleSnapshotListener, ConnectionArguments),
        Opa("listener kept in a static readonly field with an initializer", """
            static class Health
            {
                private static readonly Action<IReadOnlyDictionary<string, State>> Listener = statuses => Healthy = statuses.Values.All(s => s == State.Ok);
                public static bool Healthy { get; private set; }
                public static void Watch(Manager manager) => manager.RegisterPluginStatusListener("health", {|#0:Listener|});
            }
            """),
        new("listener kept in a readonly field, added and later removed", Usings + """
            public record Status(bool Ready);
            public class Hub
            {
                private readonly object _gate = new();
                private readonly List<Action<Status>> _listeners = new();
                public Status Current => new(true);
                public void AddListener(Action<Status> listener) { lock (_gate) _listeners.Add(listener); }
                public void RemoveListener(Action<Status> listener) { lock (_gate) _listeners.Remove(listener); }
                public bool HasListener(Action<Status> listener) { lock (_gate) return _listeners.Contains(listener); }
                public void Unhook(Action<Status> listener) => RemoveListener(listener);
            }
            class Watcher : IDisposable
            {
                private readonly Hub _hub;
                private readonly Action<Status> _onStatus;
                private Status? _last;
                public Watcher(Hub hub)
                {
                    _hub = hub;
                    _onStatus = s => _last = s;
                    _hub.AddListener({|#0:_onStatus|});
                }
                public void Dispose()
                {
                    if (_hub.HasListener(_onStatus)) _hub.RemoveListener(_onStatus);
                    _hub.Unhook(_onStatus);
                }
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Hub", "Current"]),
        new("listener kept in a readonly field set by the base constructor", Usings + StatusHub + """
            class EngineBase
            {
                protected readonly Action<Status> OnStatus;
                protected Status? Last;
                protected EngineBase() => OnStatus = s => Last = s;
            }
            class Engine : EngineBase
            {
                public Engine(Hub hub) : base() => hub.AddListener({|#0:OnStatus|});
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Hub", "Current"]),
        new("listener kept in a readonly field, registered from a lambda written before the constructor sets it", Usings + StatusHub + """
            class Engine
            {
                private readonly Action<Status> _onStatus;
                private Status? _last;
                public event Action? Started;
                public Engine(Hub hub)
                {
                    Started += () => hub.AddListener({|#0:_onStatus|});
                    _onStatus = s => _last = s;
                }
                public void Start() => Started?.Invoke();
            }
            """, DiagnosticIds.StaleSnapshotListener, ["Hub", "Current"]),
        new("event handler kept in a local to remove later", Usings + Connection + """
            class Watcher : IDisposable
            {
                private readonly Connection _connection;
                private readonly EventHandler<StatusChangedEventArgs> _onChanged;
                private Status? _last;
                public Watcher(Connection connection)
                {
                    _connection = connection;
                    EventHandler<StatusChangedEventArgs> handler = (sender, e) => _last = e.Status;
                    connection.StatusChanged += {|#0:handler|};
                    _onChanged = handler;
                }
                public void Dispose() => _connection.StatusChanged -= _onChanged;
            }
            """, DiagnosticIds.StaleSnapshotListener, ConnectionArguments),
    ];

    public static IReadOnlyList<AnalyzerCase> Snap001NotReported => field ??=
    [
        // Generated code is not analyzed: its author cannot act on a report.
        new("storing listener in a file marked auto-generated",
            "// <auto-generated/>\n" + Source + Engine("statuses => _healthy = statuses.Count > 0")),
        new("storing listener in a class marked [GeneratedCode]",
            Source + "[System.CodeDom.Compiler.GeneratedCode(\"tool\", \"1.0\")]\n" + Engine("statuses => _healthy = statuses.Count > 0")),
        QuietEngine("snapshot only logged", "statuses => Console.WriteLine(statuses.Count)"),
        QuietEngine("snapshot only logged through a helper", "statuses => Log(statuses)",
            "private static void Log(object value) => Console.WriteLine(value);"),
        QuietEngine("current state re-read and stored", "statuses => _healthy = manager.PluginStatus().Count > 0"),
        QuietEngine("current state re-read into a local and stored", "statuses => { var current = manager.PluginStatus(); _healthy = current.Count > 0; }"),
        QuietEngine("counter independent of the snapshot", "statuses => _count++"),
        QuietEngine("total accumulated over deliveries, the same in any order", "statuses => { foreach (var pair in statuses) _count++; _count += statuses.Count; }"),
        QuietEngine("current state stored under a condition on the snapshot", "statuses => { if (statuses.Count > 0) _healthy = manager.PluginStatus().Count > 0; }"),
        QuietEngine("snapshot in an object initializer of a local that dies", "statuses => { var copy = new Dictionary<string, State>(statuses) { [\"x\"] = State.Ok }; var box = new StrongBox { Value = copy.Count }; Console.WriteLine(box.Value); }",
            "private sealed class StrongBox { public int Value { get; set; } }"),
        QuietEngine("element accumulation on a framework collection", "statuses => new List<int> { 1, 2 }.ForEach(n => _count = n)"),
        QuietEngine("stored value unrelated to the snapshot", "statuses => _stamp = DateTime.UtcNow"),
        QuietEngine("nameof the snapshot stored", "statuses => _text = nameof(statuses)"),
        QuietEngine("nameof a member of the snapshot decides the store", "statuses => { if (nameof(statuses.Count).Length > 3) _healthy = true; }"),
        QuietEngine("snapshot only in a local that dies with the call", "statuses => { var count = statuses.Count; Console.WriteLine(count); }"),
        QuietEngine("snapshot in a member of a local that dies", "statuses => { var seen = new List<string>(); seen.Capacity = statuses.Count; }"),
        QuietEngine("snapshot in a local array and list that die", "statuses => { var copy = new int[1]; copy[0] = statuses.Count; var names = new List<string>(statuses.Keys); names.Add(\"x\"); }"),
        QuietEngine("snapshot only compared with the current state", "statuses => Console.WriteLine(ReferenceEquals(statuses, manager.PluginStatus()))"),
        QuietEngine("stale delivery counted by comparing with the current state", "statuses => { if (!ReferenceEquals(statuses, manager.PluginStatus())) _count++; }"),
        QuietEngine("callee stores only an argument unrelated to the snapshot", "statuses => Remember(statuses, 5)",
            "private void Remember(object snapshot, int version) { _count = version; Console.WriteLine(snapshot); }"),
        QuietEngine("method group that only logs", "OnStatus",
            "private static void OnStatus(IReadOnlyDictionary<string, State> statuses) => Console.WriteLine(statuses.Count);"),
        new("runtime PluginManager is ordered", """
            using StaleSnapshot.Runtime;
            class Engine
            {
                private bool _healthy;
                public Engine(PluginManager manager) =>
                    manager.RegisterPluginStatusListener("health", statuses => _healthy = statuses.Count > 0);
            }
            """),
        new("source declared ordered with its own attribute copy", """
            using System;
            namespace Vendor { sealed class OrderedSnapshotSourceAttribute : Attribute { } }
            [Vendor.OrderedSnapshotSource]
            public class Source
            {
                public string Current => "";
                public event Action<string>? Changed;
                public void Listen(Action<string> listener) { }
            }
            class Consumer
            {
                private string _last = "";
                public Consumer(Source source)
                {
                    source.Listen(value => _last = value);
                    source.Changed += value => _last = value;
                }
            }
            """),
        new("registration without a current-state member", """
            using System;
            public class Button
            {
                public void OnClick(Action<string> handler) { }
            }
            class Form
            {
                private string _last = "";
                public Form(Button button) => button.OnClick(text => _last = text);
            }
            """),
        new("static registration without a declaration", """
            using System;
            public class Registry
            {
                public string Current => "";
                public static void Listen(Action<string> listener) { }
            }
            class Consumer
            {
                private string _last = "";
                public Consumer() => Registry.Listen(value => _last = value);
            }
            """),
        new("unrelated OnChange on another type", """
            using System;
            using Microsoft.Extensions.Options;
            public class FileWatcher
            {
                public void OnChange(Action<string> onPath) { }
            }
            namespace Mine
            {
                public static class OptionsMonitorExtensions
                {
                    public static void OnChange<T>(this IOptionsSnapshot<T> snapshot, Action<T> listener) where T : class { }
                }
            }
            class Consumer
            {
                private string _path = "";
                private object? _options;
                public Consumer(FileWatcher watcher, IOptionsSnapshot<Consumer> snapshot)
                {
                    watcher.OnChange(path => _path = path);
                    Mine.OptionsMonitorExtensions.OnChange(snapshot, options => _options = options);
                }
            }
            """),
        new("framework event without a known source", Usings + """
            using System.IO;
            class Watcher
            {
                private WatcherChangeTypes _change;
                private string _path = "";
                public Watcher(FileSystemWatcher watcher) => watcher.Changed += (sender, e) => { _change = e.ChangeType; _path = e.FullPath; };
            }
            """),
        new("event argument member other than the state", Usings + Connection + """
            class Watcher
            {
                private DateTime _at;
                public Watcher(Connection connection) => connection.StatusChanged += (sender, e) => _at = e.At;
            }
            """),
        SequencedWatcher("event argument member other than the state, through ?. and ??", "(sender, e) => _seq = e?.Seq ?? 0", "int _seq", reported: false),
        SequencedWatcher("event argument member other than the state, through a cast", "(sender, e) => _seq = ((StatusEventArgs)e).Seq", "int _seq", reported: false),
        SequencedWatcher("event argument member other than the state, through a local holding the arguments",
            "(sender, e) => { var a = e; _seq = a.Seq; }", "int _seq", reported: false),
        SequencedWatcher("event argument member other than the state, in a property pattern",
            "(sender, e) => { if (e is { Seq: > 3 }) _seq = 1; }", "int _seq", reported: false),
        SequencedWatcher("event argument member other than the state, on a pattern variable holding the arguments",
            "(sender, e) => { if (e is StatusEventArgs { Seq: > 3 } a) _seq = a.Seq; }", "int _seq", reported: false),
        new("older snapshot dropped under the listener's lock before storing", VersionedConsumer("""
            s =>
                {
                    lock (_gate)
                    {
                        if (_last is not null && s.Version <= _last.Version) return;
                        _last = s;
                    }
                }
            """)),
        new("second store next to the store of the compared member, under the listener's lock", VersionedConsumer("""
            s =>
                {
                    lock (_gate)
                    {
                        if (_last is not null && s.Version <= _last.Version) return;
                        _healthy = s.Healthy;
                        _last = s;
                    }
                }
            """)),
        new("two stores in the block that runs only for a newer snapshot, under the listener's lock", VersionedConsumer("""
            s => { lock (_gate) { if (s.Version > _version) { _version = s.Version; _last = s; _healthy = s.Healthy; } } }
            """)),
        new("second store next to the store of the compared member, a pulse between them", VersionedConsumer("""
            s =>
                {
                    lock (_gate)
                    {
                        if (_last is not null && s.Version <= _last.Version) return;
                        _last = s;
                        Monitor.PulseAll(_gate);
                        _healthy = s.Healthy;
                    }
                }
            """)),
        new("store under the listener's lock when none is stored yet or the snapshot is newer", VersionedConsumer("""
            s => { lock (_gate) { if (_last == null || !(s.Version <= _last.Version)) { _last = s; } } }
            """)),
        new("store under the listener's lock only when the snapshot is newer than the stored version", VersionedConsumer("""
            s => { lock (_gate) { if (s.Version > _version) _version = s.Version; } }
            """)),
        new("visitor that only calls its delegate, recursively", TreeTypes("""
                public void ForEachNode(Action<Node> visit) => Visit(Root, visit);
                private static void Visit(Node node, Action<Node> visit)
                {
                    visit(node);
                    foreach (var child in node.Children) Visit(child, visit);
                }
            """) + """
            class Index
            {
                private readonly List<Node> _nodes = new();
                public Index(Tree tree) => tree.ForEachNode(n => _nodes.Add(n));
            }
            """),
        new("visitor handing its delegate to List<T>.ForEach", TreeTypes("""
                private readonly List<Node> _all = new();
                public void ForEachNode(Action<Node> visit) => _all.ForEach(visit);
            """) + """
            class Index
            {
                private Node? _last;
                public Index(Tree tree) => tree.ForEachNode(n => _last = n);
            }
            """),
        new("visitor handing its delegate to Array.ForEach and Parallel.ForEach", TreeTypes("""
                public void ForEachChild(Action<Node> visit) => Array.ForEach(Root.Children.ToArray(), visit);
                public void ForEachChildInParallel(Action<Node> visit) => Parallel.ForEach(Root.Children, visit);
            """) + """
            class Index
            {
                private Node? _last;
                public Index(Tree tree)
                {
                    tree.ForEachChild(n => _last = n);
                    tree.ForEachChildInParallel(n => _last = n);
                }
            }
            """),
        new("visitor that checks its delegate before calling it", TreeTypes("""
                public void ForEachNode(Action<Node> visit)
                {
                    ArgumentNullException.ThrowIfNull(visit);
                    if (visit is null) return;
                    foreach (var child in Root.Children) visit?.Invoke(child);
                }
            """) + """
            class Index
            {
                private Node? _last;
                public Index(Tree tree) => tree.ForEachNode(n => _last = n);
            }
            """),
        new("child items of a node, whose only member of its own type is its parent", TreeTypes("") + """
            class Index
            {
                private readonly List<Node> _children = new();
                public Index(Node node) => node.OnChildAdded(child => _children.Add(child));
            }
            """),
        new("child items of a node passed by an event of the node", TreeTypes("") + """
            class Index
            {
                private readonly List<Node> _children = new();
                public Index(Node node) => node.ChildAdded += child => _children.Add(child);
            }
            """),
        new("event handler removed", Usings + Connection + """
            class Watcher
            {
                private Status? _last;
                public Watcher(Connection connection) => connection.StatusChanged -= OnStatusChanged;
                private void OnStatusChanged(object? sender, StatusChangedEventArgs e) => _last = e.Status;
            }
            """),
        new("Subject without a current value", Usings + """
            using System.Reactive.Subjects;
            class Dashboard
            {
                private int _load;
                public Dashboard(Subject<int> load) => load.Subscribe(value => _load = value);
            }
            """),
        new("BehaviorSubject subscriber that re-reads Value", Usings + """
            using System.Reactive.Subjects;
            class Dashboard
            {
                private int _load;
                public Dashboard(BehaviorSubject<int> load) => load.Subscribe(value => { Console.WriteLine(value); _load = load.Value; });
            }
            """),
        new("[SnapshotSource] naming a member that does not exist", Usings + OwnSnapshotSourceAttribute + """
            public static class Feed
            {
                [Vendor.SnapshotSource("Missing")]
                public static void Subscribe(Action<decimal> onQuote) { }
            }
            class Trader
            {
                private decimal _price;
                public Trader() => Feed.Subscribe(quote => _price = quote);
            }
            """),
        new("configuration naming a library this compilation lacks", Usings + """
            class Trader
            {
                private decimal _price;
                public Trader(Action<Action<decimal>> listen) => listen(tick => _price = tick);
            }
            """)
        {
            Configuration = "M:Absent.Ticker.Listen(System.Action{System.Decimal}) P:Absent.Ticker.Price\n",
        },
        new("listener in a readonly field that each constructor sets its own way", Usings + Connection + """
            class Watcher
            {
                private readonly EventHandler<StatusChangedEventArgs> _onChanged;
                private Status? _last;
                public Watcher(Connection connection, bool quiet)
                {
                    _onChanged = (sender, e) => Console.WriteLine(e.At);
                    connection.StatusChanged += _onChanged;
                }
                public Watcher(Connection connection)
                {
                    _onChanged = (sender, e) => _last = e.Status;
                    connection.StatusChanged += _onChanged;
                }
            }
            """),
        new("listener in a readonly field registered before the constructor sets it", Usings + Connection + """
            class Watcher
            {
                private readonly EventHandler<StatusChangedEventArgs> _onChanged;
                private Status? _last;
                public Watcher(Connection connection)
                {
                    connection.StatusChanged += _onChanged;
                    _onChanged = (sender, e) => _last = e.Status;
                }
            }
            """),
        new("listener in a local of top-level statements, assigned again in a later statement", Usings + """
            var manager = new Manager();
            var healthy = false;
            Action<IReadOnlyDictionary<string, State>> listener = statuses => healthy = statuses.Count > 0;
            if (args.Length > 0) listener = _ => Console.WriteLine("changed");
            manager.RegisterPluginStatusListener("health", listener);
            Console.WriteLine(healthy);

            """ + ManagerTypes) { Executable = true },
        new("listener in a readonly field set by another constructor than the one registering it", Usings + Connection + """
            class Watcher
            {
                private readonly EventHandler<StatusChangedEventArgs>? _onChanged;
                private Status? _last;
                public Watcher() => _onChanged = (sender, e) => _last = e.Status;
                public Watcher(Connection connection) => connection.StatusChanged += _onChanged;
            }
            """),
        new("listener in a readonly field, registered in a constructor chained to one that does not set it", Usings + StatusHub + """
            class Engine
            {
                private readonly Action<Status>? _onStatus;
                private Status? _last;
                public Engine(int retries) { }
                public Engine(Hub hub) => _onStatus = s => _last = s;
                public Engine(Hub hub, int retries) : this(retries) => hub.AddListener(_onStatus!);
            }
            """),
        new("listener in a field that is not readonly", Usings + Connection + """
            class Watcher
            {
                private EventHandler<StatusChangedEventArgs> _onChanged;
                private Status? _last;
                public Watcher(Connection connection)
                {
                    _onChanged = (sender, e) => _last = e.Status;
                    connection.StatusChanged += _onChanged;
                }
            }
            """),
        new("listener in a local assigned again before it is registered", Source + """
            class Engine
            {
                private bool _healthy;
                public Engine(Manager manager, bool quiet)
                {
                    Action<IReadOnlyDictionary<string, State>> listener = statuses => _healthy = statuses.Values.All(s => s == State.Ok);
                    if (quiet) listener = _ => Console.WriteLine("changed");
                    manager.RegisterPluginStatusListener("health", listener);
                }
            }
            """),
        new("listener in a local combined with another before it is registered", Source + """
            class Engine
            {
                private bool _healthy;
                public Engine(Manager manager, Action<IReadOnlyDictionary<string, State>> log)
                {
                    Action<IReadOnlyDictionary<string, State>> listener = statuses => _healthy = statuses.Values.All(s => s == State.Ok);
                    listener += log;
                    manager.RegisterPluginStatusListener("health", listener);
                }
            }
            """),
    ];
}
