namespace StaleSnapshot.Analyzers.Tests;

/// <summary>SNAP001 on sources whose code is in the same compilation, judged by SNAP002's analysis of that code.</summary>
internal static partial class AnalyzerCases
{
    /// <summary>
    /// A status source with <paramref name="update"/> as its update method, and a listener storing what it is
    /// passed, marked as the expected SNAP001 location when <paramref name="reported"/>.
    /// </summary>
    private static string SourceWithListener(string update, bool reported = true) => Usings + $$"""
        public class StatusSource
        {
            private readonly object _gate = new();
            private readonly List<Action<int[]>> _listeners = new();
            private int[] _statuses = [];
            public int[] Statuses() { lock (_gate) return _statuses; }
            public void Register(Action<int[]> listener) { lock (_gate) _listeners.Add(listener); }
            {{update}}
        }

        class Dashboard
        {
            private int[] _shown = [];
            public Dashboard(StatusSource source) => source.Register({{(reported ? "{|#0:" : "")}}statuses => _shown = statuses{{(reported ? "|}" : "")}});
        }
        """;

    private static string[] StatusSourceArguments => ["StatusSource", "Statuses()"];

    /// <summary>Reported with the confirming message: the source's code delivers after unlocking.</summary>
    public static IReadOnlyList<AnalyzerCase> Snap001Confirmed => field ??=
    [
        new("source that notifies after unlocking, OPA's way", SourceWithListener("""
            public void Update(int status)
            {
                Action<int[]>[] toNotify;
                int[] snapshot;
                lock (_gate)
                {
                    _statuses = [.. _statuses, status];
                    toNotify = _listeners.ToArray();
                    snapshot = _statuses;
                }
                foreach (var listener in toNotify) {|#1:listener(snapshot)|};
            }
            """), DiagnosticIds.StaleSnapshotListener, [.. StatusSourceArguments, "Update", "snapshot", "_gate"])
        {
            Descriptor = Descriptors.StaleSnapshotListenerConfirmed,
        },
        new("base class that notifies after unlocking", Usings + """
            public class NotifierBase
            {
                protected readonly object Gate = new();
                protected readonly List<Action<int[]>> Listeners = new();
                protected int[] State = [];
                protected void Publish(int status)
                {
                    int[] copy;
                    Action<int[]>[] listeners;
                    lock (Gate) { State = [.. State, status]; copy = State; listeners = Listeners.ToArray(); }
                    foreach (var listener in listeners) {|#1:listener(copy)|};
                }
            }
            public class StatusSource : NotifierBase
            {
                public int[] Statuses() { lock (Gate) return State; }
                public void Register(Action<int[]> listener) { lock (Gate) Listeners.Add(listener); }
            }
            class Dashboard
            {
                private int[] _shown = [];
                public Dashboard(StatusSource source) => source.Register({|#0:statuses => _shown = statuses|});
            }
            """, DiagnosticIds.StaleSnapshotListener, [.. StatusSourceArguments, "Publish", "copy", "Gate"])
        {
            Descriptor = Descriptors.StaleSnapshotListenerConfirmed,
        },
    ];

    /// <summary>Reported with today's message: the source's code proves nothing either way.</summary>
    public static IReadOnlyList<AnalyzerCase> Snap001SourceUnjudged => field ??=
    [
        new("source that hands listeners a value it did not capture under its lock", SourceWithListener("""
            public void Replay(int[] statuses)
            {
                Action<int[]>[] toNotify;
                lock (_gate) toNotify = _listeners.ToArray();
                foreach (var listener in toNotify) listener(statuses);
            }
            """), DiagnosticIds.StaleSnapshotListener, StatusSourceArguments),
        new("source delivering under its lock in one method and outside it in another", SourceWithListener("""
            public void Update(int status)
            {
                lock (_gate)
                {
                    _statuses = [.. _statuses, status];
                    foreach (var listener in _listeners) listener(_statuses);
                }
            }
            public void Replay(int[] statuses) { foreach (var listener in _listeners.ToArray()) listener(statuses); }
            """), DiagnosticIds.StaleSnapshotListener, StatusSourceArguments),
    ];

    /// <summary>Not reported: the source's code shows it delivers in order.</summary>
    public static IReadOnlyList<AnalyzerCase> Snap001OrderedSources => field ??=
    [
        new("source that notifies while holding its lock", SourceWithListener("""
            public void Update(int status)
            {
                lock (_gate)
                {
                    _statuses = [.. _statuses, status];
                    foreach (var listener in _listeners) listener(_statuses);
                }
            }
            """, reported: false)),
        new("source that delivers through the runtime's OrderedNotifier", Usings + """
            public class StatusSource
            {
                private readonly StaleSnapshot.Runtime.OrderedNotifier<int[]> _notifier = new([]);
                public int[] Statuses() => _notifier.Current;
                public IDisposable Register(Action<int[]> listener) => _notifier.Subscribe(listener);
                public void Update(int status) => _notifier.Update(s => [.. s, status]);
            }
            class Dashboard
            {
                private int[] _shown = [];
                public Dashboard(StatusSource source) => source.Register(statuses => _shown = statuses);
            }
            """),
        new("source that delivers through the runtime's PluginManager", Usings + """
            using StaleSnapshot.Runtime;
            public class Health
            {
                private readonly PluginManager _plugins = new();
                public void Register(Action<PluginStatusSnapshot> listener) => _plugins.RegisterPluginStatusListener("health", listener);
                public PluginStatusSnapshot Current() => _plugins.PluginStatus();
            }
            class Dashboard
            {
                private PluginStatusSnapshot? _shown;
                public Dashboard(Health health) => health.Register(statuses => _shown = statuses);
            }
            """),
    ];
}
