namespace StaleSnapshot.Analyzers.Tests;

internal static partial class AnalyzerCases
{
    private static AnalyzerCase Broken(string name, string statement) => new(name, Source + $$"""
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager, Microsoft.Extensions.Options.IOptionsMonitor<Engine> monitor,
                System.Reactive.Subjects.BehaviorSubject<int> subject)
            {
                {{statement}}
            }
        }
        """);

    /// <summary>A source whose update method, <paramref name="statements"/>, copies state and notifies.</summary>
    private static AnalyzerCase Locking(string name, string statements) => new(name, Usings + $$"""
        class Source
        {
            private readonly object _gate = new();
            private readonly Lock _lock = new();
            private int[] _items = [];
            private Action<int[]>? _listener;
            public void Add(int item)
            {
                int[] copy;
                {{statements}}
            }
        }
        """);

    /// <summary>Code that does not compile: missing braces, unresolved types, half-typed lambdas.</summary>
    public static IReadOnlyList<AnalyzerCase> Incomplete => field ??=
    [
        new("incomplete: half-typed expression lambda", Source + "class Engine { bool _healthy; Engine(Manager manager) { manager.RegisterPluginStatusListener(\"health\", statuses => _healthy = "),
        new("incomplete: block lambda without closing braces", Source + "class Engine { bool _healthy; Engine(Manager manager) { manager.RegisterPluginStatusListener(\"health\", statuses => { _healthy = statuses.Count > 0; "),
        Broken("incomplete: missing lambda parameter", "manager.RegisterPluginStatusListener(\"health\", (statuses, ) => _healthy = statuses.Count > 0);"),
        Broken("incomplete: unresolved receiver", "missing.RegisterPluginStatusListener(\"health\", statuses => _healthy = statuses.Count > 0);"),
        Broken("incomplete: unresolved call in the listener", "manager.RegisterPluginStatusListener(statuses => _healthy = Undefined(statuses));"),
        Broken("incomplete: unresolved method group", "manager.RegisterPluginStatusListener(\"health\", Missing);"),
        Broken("incomplete: options listener cut short", "monitor.OnChange((options, name) => _healthy = "),
        Broken("incomplete: subject listener with an unknown type", "subject.Subscribe((Unknown value) => _healthy = value.Ok);"),
        Broken("incomplete: event of an unresolved type", "new Missing().Changed += (s, e) => _healthy = e.State;"),
        Broken("incomplete: local function without a body", "manager.RegisterPluginStatusListener(\"health\", OnStatus); void OnStatus(IReadOnlyDictionary<string, State> s)"),
        new("incomplete: attribute without its argument", Usings + """
            public static class Feed
            {
                [StaleSnapshot.Runtime.SnapshotSource(]
                public static void Subscribe(Action<decimal> onQuote) { }
            }
            class Trader { decimal _price; Trader() => Feed.Subscribe(q => _price = q); }
            """),
        Locking("incomplete: lock without a body", "lock (_gate)"),
        Locking("incomplete: Monitor.Enter never exited", "Monitor.Enter(_gate); copy = _items; _listener?.Invoke(copy);"),
        Locking("incomplete: Exit before Enter", "Monitor.Exit(_gate); copy = _items; Monitor.Enter(_gate); _listener?.Invoke(copy);"),
        Locking("incomplete: EnterScope on an unresolved lock", "using (missing.EnterScope()) { copy = _items; } _listener?.Invoke(copy);"),
        Locking("incomplete: using declaration cut short", "using var scope = _lock.EnterScope(; copy = _items; _listener?.Invoke(copy"),
        Locking("incomplete: foreach over nothing", "lock (_gate) { copy = _items; } foreach (var l in ) l.Invoke(copy);"),
        Locking("incomplete: try without finally", "Monitor.Enter(_gate); try { copy = _items; } _listener?.Invoke(copy);"),
        new("incomplete: source types inheriting from each other", Usings + """
            public class A : B { public int[] Statuses() => []; public void Register(Action<int[]> l) { } }
            public class B : A { }
            class Dashboard { int[] _shown = []; Dashboard(A a) => a.Register(s => _shown = s); }
            """),
        new("incomplete: garbage configuration", TickerCode + "class C { decimal _p; C() => Vendor.Ticker.Listen(t => _p = t); }")
        {
            Configuration = "M:\0\u00ff{{{(( F:\n\t#\nM: P:\nM:Vendor.Ticker.Listen(System.Action{System.Decimal}) F:\n\u2028P:x M:y",
        },
    ];
}
