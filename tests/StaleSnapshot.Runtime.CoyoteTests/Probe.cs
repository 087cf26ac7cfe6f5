namespace StaleSnapshot.Runtime.CoyoteTests;

/// <summary>
/// A listener that checks the delivery guarantees as it is called. Violations are recorded, not thrown: the
/// runtime isolates listener exceptions, so the test asserts on <see cref="Violations"/> at the end.
/// </summary>
internal sealed class Probe
{
    private readonly object _lock = new();
    private readonly List<string> _violations = new();
    private readonly List<long> _versions = new();
    private int _running;
    private bool _closed;

    public string Name { get; }

    public Probe(string name) => Name = name;

    public Action<PluginStatusSnapshot>? During { get; set; }

    public long? LastVersion
    {
        get { lock (_lock) return _versions.Count == 0 ? null : _versions[^1]; }
    }

    public IReadOnlyList<long> Versions
    {
        get { lock (_lock) return _versions.ToList(); }
    }

    public IReadOnlyList<string> Violations
    {
        get { lock (_lock) return _violations.ToList(); }
    }

    public bool IsRunning => Volatile.Read(ref _running) > 0;

    public void OnStatus(PluginStatusSnapshot snapshot)
    {
        lock (_lock)
        {
            if (_closed) _violations.Add($"{Name} called with v{snapshot.Version} after it was unregistered or its manager stopped");
            if (_versions.Count > 0 && snapshot.Version <= _versions[^1]) _violations.Add($"{Name} got v{snapshot.Version} after v{_versions[^1]}");
            _versions.Add(snapshot.Version);
        }
        if (Interlocked.Increment(ref _running) > 1) Violate($"{Name}: two deliveries overlapped");
        During?.Invoke(snapshot);
        Interlocked.Decrement(ref _running);
    }

    /// <summary>Call right after Unregister or Dispose returned: from now on a call, or one still running, is a violation.</summary>
    public void Closed()
    {
        lock (_lock) _closed = true;
        if (IsRunning) Violate($"{Name} still running after it was unregistered or its manager stopped");
    }

    public void Violate(string violation)
    {
        lock (_lock) _violations.Add(violation);
    }
}
