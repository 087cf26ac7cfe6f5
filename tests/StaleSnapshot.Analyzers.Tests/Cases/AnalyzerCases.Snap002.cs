namespace StaleSnapshot.Analyzers.Tests;

internal static partial class AnalyzerCases
{
    private static AnalyzerCase Unlocked(string name, string code, string captured, string lockName) =>
        new(name, Usings + code, DiagnosticIds.SnapshotDeliveredAfterUnlock, [captured, lockName]);

    private static AnalyzerCase Locked(string name, string code) => new(name, Usings + code);

    /// <summary>A source of one int whose <c>Set</c> runs <paramref name="body"/>, with <paramref name="gate"/> as its lock.</summary>
    private static string IntSource(string body, string gate = "private readonly object _gate = new();", string attribute = "") => $$"""
        {{attribute}}
        class Source
        {
            {{gate}}
            private int _value;
            private Action<int>? _listener;
            public void Set(int value)
            {
                {{body}}
            }
        }
        """;

    public static IReadOnlyList<AnalyzerCase> Snap002Reported => field ??=
    [
        Unlocked("OPA manager copying under lock and notifying after", """
            class Manager
            {
                private readonly object _mtx = new();
                private readonly Dictionary<string, int> _status = new();
                private readonly Dictionary<string, Action<IReadOnlyDictionary<string, int>>> _listeners = new();

                public void UpdatePluginStatus(string name, int status)
                {
                    List<Action<IReadOnlyDictionary<string, int>>> toNotify;
                    Dictionary<string, int> statuses;
                    lock (_mtx)
                    {
                        _status[name] = status;
                        toNotify = _listeners.Values.ToList();
                        statuses = new Dictionary<string, int>(_status);
                    }
                    foreach (var listener in toNotify)
                    {
                        {|#0:listener(statuses)|};
                    }
                }
            }
            """, "statuses", "_mtx"),
        Unlocked("event raised with args built from a captured snapshot", """
            class HealthChangedEventArgs(int state) : EventArgs { public int State { get; } = state; }
            class Source
            {
                private readonly object _gate = new();
                private int _state;
                public event EventHandler<HealthChangedEventArgs>? HealthChanged;
                public void Set(int state)
                {
                    int snapshot;
                    lock (_gate)
                    {
                        _state = state;
                        snapshot = _state;
                    }
                    var args = new HealthChangedEventArgs(snapshot);
                    {|#0:HealthChanged?.Invoke(this, args)|};
                }
            }
            """, "snapshot", "_gate"),
        Unlocked("Monitor.Enter and Exit around the copy", """
            class Source
            {
                private readonly object _gate = new();
                private int[] _items = [];
                private Action<int[]>? _listener;
                public void Add(int item)
                {
                    int[] copy;
                    Monitor.Enter(_gate);
                    try
                    {
                        _items = [.. _items, item];
                        copy = _items;
                    }
                    finally
                    {
                        Monitor.Exit(_gate);
                    }
                    {|#0:_listener?.Invoke(copy)|};
                }
            }
            """, "copy", "_gate"),
        Unlocked("Monitor.Enter inside the try", IntSource("""
            int current;
            var taken = false;
            try
            {
                Monitor.Enter(_gate, ref taken);
                _value = value;
                current = _value;
            }
            finally
            {
                if (taken) Monitor.Exit(_gate);
            }
            {|#0:_listener?.Invoke(current)|};
            """), "current", "_gate"),
        Unlocked("ReaderWriterLockSlim write lock", """
            class Source
            {
                private readonly ReaderWriterLockSlim _rw = new();
                private string _value = "";
                private readonly List<Action<string>> _listeners = new();
                public void Set(string value)
                {
                    string current;
                    _rw.EnterWriteLock();
                    try { _value = value; current = _value; }
                    finally { _rw.ExitWriteLock(); }
                    foreach (var listener in _listeners) {|#0:listener(current)|};
                }
            }
            """, "current", "_rw"),
        Unlocked("SemaphoreSlim used as a mutex", """
            class Source
            {
                private readonly SemaphoreSlim _mutex = new(1, 1);
                private int _value;
                private Func<int, Task>? _onChanged;
                public async Task SetAsync(int value)
                {
                    int current;
                    await _mutex.WaitAsync();
                    try { _value = value; current = _value; }
                    finally { _mutex.Release(); }
                    if (_onChanged is { } onChanged) await {|#0:onChanged(current)|};
                }
            }
            """, "current", "_mutex"),
        Unlocked("Lock.EnterScope using statement", IntSource("""
            int current;
            using (_lock.EnterScope())
            {
                _value = value;
                current = _value;
            }
            {|#0:_listener?.Invoke(current)|};
            """, gate: "private readonly Lock _lock = new();"), "current", "_lock"),
        Unlocked("top-level statements copying under a lock", """
            var box = new Box();
            Action<int> listener = Console.WriteLine;
            int copy;
            lock (box) { box.Value++; copy = box.Value; }
            {|#0:listener(copy)|};

            class Box { public int Value { get; set; } }
            """, "copy", "box") with { Executable = true },
        Unlocked("Lock.Enter and Exit", IntSource("""
            int current;
            _lock.Enter();
            try { _value = value; current = _value; }
            finally { _lock.Exit(); }
            {|#0:_listener?.Invoke(current)|};
            """, gate: "private readonly Lock _lock = new();"), "current", "_lock"),
        Unlocked("Lock.EnterScope using declaration in an inner block", IntSource("""
            int current;
            {
                using var scope = _lock.EnterScope();
                _value = value;
                current = _value;
            }
            {|#0:_listener?.Invoke(current)|};
            """, gate: "private readonly Lock _lock = new();"), "current", "_lock"),
        Unlocked("SemaphoreSlim Wait and Release in sequence", IntSource("""
            int current;
            _gate.Wait();
            _value = value;
            current = _value;
            _gate.Release();
            {|#0:_listener?.Invoke(current)|};
            """, gate: "private readonly SemaphoreSlim _gate = new(1, 1);"), "current", "_gate"),
        Unlocked("two lock statements in one method: the delivery is reported once", IntSource("""
            lock (_gate) { _value = value; }
            int current;
            lock (_gate) { current = _value; }
            {|#0:_listener?.Invoke(current)|};
            """), "current", "_gate"),
        Unlocked("property setter copying under a lock", """
            class Source
            {
                private readonly object _gate = new();
                private int _value;
                private Action<int>? _listener;
                public int Value
                {
                    set
                    {
                        int current;
                        lock (_gate) { _value = value; current = _value; }
                        {|#0:_listener?.Invoke(current)|};
                    }
                }
            }
            """, "current", "_gate"),
        Unlocked("lambda in a field initializer", """
            class Source
            {
                private static readonly object Gate = new();
                private static int s_value;
                private static Action<int>? s_listener;
                private readonly Action<int> _set = value =>
                {
                    int current;
                    lock (Gate) { s_value = value; current = s_value; }
                    {|#0:s_listener?.Invoke(current)|};
                };
            }
            """, "current", "Gate"),
        Unlocked("listener objects taken from a captured collection", """
            interface IStatusListener { void OnStatus(int[] statuses); }
            class Source
            {
                private readonly object _gate = new();
                private readonly List<IStatusListener> _listeners = new();
                private int[] _statuses = [];
                public void Update(int status)
                {
                    IStatusListener[] listeners;
                    int[] snapshot;
                    lock (_gate)
                    {
                        _statuses = [.. _statuses, status];
                        listeners = _listeners.ToArray();
                        snapshot = _statuses;
                    }
                    foreach (var listener in listeners) {|#0:listener.OnStatus(snapshot)|};
                }
            }
            """, "snapshot", "_gate"),
    ];

    private static AnalyzerCase NotCaptured(string delivered, string why) => Locked($"value not captured under the lock: {why}", $$"""
        class Source
        {
            private readonly object _gate = new();
            private int _value;
            public event EventHandler? Changed;
            public void Set(int value, EventArgs argsFromCaller)
            {
                EventArgs args;
                lock (_gate)
                {
                    _value = value;
                    args = {{delivered}};
                }
                Changed?.Invoke(this, args);
            }
        }
        """);

    public static IReadOnlyList<AnalyzerCase> Snap002NotReported => field ??=
    [
        new("delivery after unlocking in a file marked auto-generated", "// <auto-generated/>\n" + Usings + IntSource("""
            int current;
            lock (_gate) { _value = value; current = _value; }
            _listener?.Invoke(current);
            """)),
        Locked("delivery while the lock is still held", IntSource("""
            lock (_gate)
            {
                _value = value;
                var current = _value;
                _listener?.Invoke(current);
            }
            """)),
        Locked("delivery under an outer lock still held", IntSource("""
            lock (_outer)
            {
                int current;
                lock (_inner) { _value = value; current = _value; }
                _listener?.Invoke(current);
            }
            """, gate: "private readonly object _outer = new(), _inner = new();")),
        NotCaptured("EventArgs.Empty", "a shared empty value"),
        NotCaptured("argsFromCaller", "data computed outside the lock"),
        NotCaptured("new EventArgs()", "a fresh value"),
        Locked("delivery through the runtime's ordering engine", """
            using StaleSnapshot.Runtime;
            class Source
            {
                private readonly object _gate = new();
                private readonly OrderedNotifier<int> _notifier = new(0);
                private int _value;
                public void Set(int value)
                {
                    int current;
                    lock (_gate) { _value = value; current = _value; }
                    _notifier.Set(current);
                }
            }
            """),
        Locked("source declared ordered", IntSource("""
            int current;
            lock (_gate) { _value = value; current = _value; }
            _listener?.Invoke(current);
            """, attribute: "[StaleSnapshot.Runtime.OrderedSnapshotSource]")),
        Locked("a delegate that computes a value is not a listener", """
            class Source
            {
                private readonly object _gate = new();
                private int _value;
                private readonly Func<int, string> _format = v => v.ToString();
                public string Describe()
                {
                    int current;
                    lock (_gate) { current = _value; }
                    return _format(current);
                }
            }
            """),
    ];
}
