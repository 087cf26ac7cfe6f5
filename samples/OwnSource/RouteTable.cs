using StaleSnapshot.Runtime;

namespace OwnSource;

/// <summary>What a user's own source holds: the routes an ingress serves, and their revision. Immutable.</summary>
public sealed record Routes(int Revision, IReadOnlyList<string> Paths)
{
    public static Routes Empty { get; } = new(0, []);
}

/// <summary>The listener API the application already uses, shaped like OPA's plugin manager.</summary>
public interface IRouteTable
{
    void Publish(Routes routes);

    void OnChange(Action<Routes> listener);

    Routes Current();
}

/// <summary>
/// Before: the usual hand-written source. The state is guarded, but listeners are called after the lock is
/// released, so two concurrent publishes can reach a listener in either order: an older table last.
/// </summary>
public sealed class HandWrittenRouteTable : IRouteTable
{
    private readonly object _lock = new();
    private readonly List<Action<Routes>> _listeners = new();
    private Routes _routes = Routes.Empty;

    public void Publish(Routes routes)
    {
        List<Action<Routes>> listeners;
        lock (_lock)
        {
            if (routes.Revision <= _routes.Revision) return;
            _routes = routes;
            listeners = _listeners.ToList();
        }
        foreach (var listener in listeners) listener(routes);
    }

    public void OnChange(Action<Routes> listener)
    {
        lock (_lock) _listeners.Add(listener);
    }

    public Routes Current()
    {
        lock (_lock) return _routes;
    }
}

/// <summary>
/// After: the same API with the state kept in an <see cref="OrderedNotifier{T}"/>. Four one-line members:
/// listeners now get snapshots one at a time, never an older one after a newer one, the newest last.
/// </summary>
[OrderedSnapshotSource]
public sealed class OrderedRouteTable : IRouteTable, IDisposable
{
    private readonly OrderedNotifier<Routes> _routes = new(Routes.Empty);

    public void Publish(Routes routes) => _routes.Update(current => routes.Revision > current.Revision ? routes : current);

    public void OnChange(Action<Routes> listener) => _routes.Subscribe(listener);

    public Routes Current() => _routes.Current;

    /// <summary>Completes once every listener has caught up with the current table.</summary>
    public Task WhenIdleAsync() => _routes.WhenIdleAsync();

    public void Dispose() => _routes.Dispose();
}
