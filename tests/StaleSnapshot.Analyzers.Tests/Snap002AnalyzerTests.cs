using VerifyCS = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.SnapshotAfterUnlockAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

public class Snap002AnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private static Task ReportsAsync(string code, string captured, string lockName) =>
        VerifyCS.AnalyzerAsync(Usings + code, VerifyCS.Diagnostic().WithLocation(0).WithArguments(captured, lockName));

    private static Task CleanAsync(string code) => VerifyCS.AnalyzerAsync(Usings + code);

    [Fact]
    public Task Opa_manager_copying_under_lock_and_notifying_after_is_reported() => ReportsAsync("""
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
        """, "statuses", "_mtx");

    [Fact]
    public Task Event_raised_with_args_built_from_a_captured_snapshot_is_reported() => ReportsAsync("""
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
        """, "snapshot", "_gate");

    [Fact]
    public Task Monitor_enter_and_exit_around_the_copy_is_reported() => ReportsAsync("""
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
        """, "copy", "_gate");

    [Fact]
    public Task Reader_writer_write_lock_is_reported() => ReportsAsync("""
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
        """, "current", "_rw");

    [Fact]
    public Task Semaphore_used_as_a_mutex_is_reported() => ReportsAsync("""
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
        """, "current", "_mutex");

    [Fact]
    public Task Lock_enter_scope_is_reported() => ReportsAsync("""
        class Source
        {
            private readonly Lock _lock = new();
            private int _value;
            private Action<int>? _listener;
            public void Set(int value)
            {
                int current;
                using (_lock.EnterScope())
                {
                    _value = value;
                    current = _value;
                }
                {|#0:_listener?.Invoke(current)|};
            }
        }
        """, "current", "_lock");

    [Fact]
    public Task Listener_objects_taken_from_a_captured_collection_are_reported() => ReportsAsync("""
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
        """, "snapshot", "_gate");

    [Fact]
    public Task Delivery_while_the_lock_is_still_held_is_not_reported() => CleanAsync("""
        class Source
        {
            private readonly object _gate = new();
            private int _value;
            private Action<int>? _listener;
            public void Set(int value)
            {
                lock (_gate)
                {
                    _value = value;
                    var current = _value;
                    _listener?.Invoke(current);
                }
            }
        }
        """);

    [Fact]
    public Task Delivery_under_an_outer_lock_still_held_is_not_reported() => CleanAsync("""
        class Source
        {
            private readonly object _outer = new();
            private readonly object _inner = new();
            private int _value;
            private Action<int>? _listener;
            public void Set(int value)
            {
                lock (_outer)
                {
                    int current;
                    lock (_inner) { _value = value; current = _value; }
                    _listener?.Invoke(current);
                }
            }
        }
        """);

    [Theory]
    [InlineData("EventArgs.Empty", "a shared empty value")]
    [InlineData("argsFromCaller", "data computed outside the lock")]
    [InlineData("new EventArgs()", "a fresh value")]
    public Task Values_not_captured_under_the_lock_are_not_reported(string delivered, string why)
    {
        _ = why;
        return CleanAsync($$"""
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
    }

    [Fact]
    public Task Delivery_through_the_runtime_ordering_engine_is_not_reported() => CleanAsync("""
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
        """);

    [Fact]
    public Task Source_declared_ordered_is_not_reported() => CleanAsync("""
        [StaleSnapshot.Runtime.OrderedSnapshotSource]
        class Source
        {
            private readonly object _gate = new();
            private int _value;
            private Action<int>? _listener;
            public void Set(int value)
            {
                int current;
                lock (_gate) { _value = value; current = _value; }
                _listener?.Invoke(current);
            }
        }
        """);

    [Fact]
    public Task A_delegate_that_computes_a_value_is_not_a_listener() => CleanAsync("""
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
        """);
}
