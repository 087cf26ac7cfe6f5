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
        new("incomplete: garbage configuration", TickerCode + "class C { decimal _p; C() => Vendor.Ticker.Listen(t => _p = t); }")
        {
            Configuration = "M:\0\u00ff{{{(( F:\n\t#\nM: P:\nM:Vendor.Ticker.Listen(System.Action{System.Decimal}) F:\n\u2028P:x M:y",
        },
    ];
}
