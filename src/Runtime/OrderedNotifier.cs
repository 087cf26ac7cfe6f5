using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace StaleSnapshot.Runtime;

/// <summary>
/// Holds a state of type <typeparamref name="T"/> and notifies listeners of its changes so that no listener can
/// ever act on a stale snapshot: per listener, deliveries never overlap and never go backwards, and the newest
/// state is always the last one delivered. Put it behind your own listener API to fix an OPA-shaped source.
/// </summary>
/// <remarks>
/// Every state change happens under one lock and gets the next version, so the order of snapshots is the
/// order of changes. Each listener has a one-slot mailbox holding the newest snapshot it has not seen yet
/// (intermediate snapshots may be skipped); one delivery loop at a time drains it on the thread pool. No lock
/// is held while listener code runs, so a listener may call back into the notifier.
/// </remarks>
/// <typeparam name="T">The snapshot type. Treat snapshots as immutable: listeners on other threads read them.</typeparam>
public sealed class OrderedNotifier<T> : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Mailbox> _mailboxes = new();
    private T _state;
    private long _version;
    private bool _disposed;

    private int _activeDeliveries;
    private TaskCompletionSource<bool>? _idle;

    /// <summary>Creates a notifier holding <paramref name="initialState"/> as version 0.</summary>
    public OrderedNotifier(T initialState) => _state = initialState;

    /// <summary>The current state: always at least as new as anything delivered to a listener.</summary>
    public T Current
    {
        get { lock (_gate) return _state; }
    }

    /// <summary>The version of <see cref="Current"/>: 0 at start, one more after each change.</summary>
    public long Version
    {
        get { lock (_gate) return _version; }
    }

    /// <summary>
    /// Atomically replaces the state with <c>change(current)</c> and schedules its delivery to every listener.
    /// <paramref name="change"/> runs under the notifier's lock: keep it short and do not call back into the
    /// notifier from it. Returns the new state.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The notifier was disposed.</exception>
    public T Update(Func<T, T> change)
    {
        if (change is null) throw new ArgumentNullException(nameof(change));
        List<Mailbox> toStart;
        T next;
        lock (_gate)
        {
            ThrowIfDisposed();
            next = change(_state);
            _state = next;
            _version++;
            toStart = OfferToAll(next, _version);
        }
        StartDeliveries(toStart);
        return next;
    }

    /// <summary>Replaces the state with <paramref name="state"/>; see <see cref="Update"/>.</summary>
    public T Set(T state) => Update(_ => state);

    /// <summary>
    /// Registers <paramref name="listener"/>. It is called with the current state right away (on the thread
    /// pool) and then with every newer state, latest wins. Dispose the result to unregister.
    /// </summary>
    public IDisposable Subscribe(Action<T> listener)
    {
        if (listener is null) throw new ArgumentNullException(nameof(listener));
        var mailbox = new Mailbox(this, listener);
        bool start;
        lock (_gate)
        {
            ThrowIfDisposed();
            _mailboxes.Add(mailbox);
            start = mailbox.Offer(_state, _version);
        }
        if (start) StartDelivery(mailbox);
        return mailbox;
    }

    /// <summary>
    /// Completes once every delivery scheduled so far, and any scheduled meanwhile, has finished: at that point
    /// each listener's last delivery was the current state.
    /// </summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_activeDeliveries == 0) return Task.CompletedTask;
            _idle ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>
    /// Stops the notifier: no delivery starts after this returns (one already running on another thread may
    /// finish) and <see cref="Update"/> and <see cref="Subscribe"/> throw <see cref="ObjectDisposedException"/>.
    /// Never waits for listeners, so it is safe from inside one.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var mailbox in _mailboxes) mailbox.Close();
            _mailboxes.Clear();
        }
    }

    private List<Mailbox> OfferToAll(T snapshot, long version)
    {
        var toStart = new List<Mailbox>();
        foreach (var mailbox in _mailboxes)
        {
            if (mailbox.Offer(snapshot, version)) toStart.Add(mailbox);
        }
        return toStart;
    }

    private void StartDeliveries(List<Mailbox> mailboxes)
    {
        foreach (var mailbox in mailboxes) StartDelivery(mailbox);
    }

    private void StartDelivery(Mailbox mailbox)
    {
#if NETSTANDARD2_0
        ThreadPool.QueueUserWorkItem(static m => ((Mailbox)m!).Drain(), mailbox);
#else
        ThreadPool.QueueUserWorkItem(static m => m.Drain(), mailbox, preferLocal: false);
#endif
    }

    private void Remove(Mailbox mailbox)
    {
        lock (_gate) _mailboxes.Remove(mailbox);
    }

    // Called under _gate when a mailbox gains a delivery loop.
    private void DeliveryStarted() => _activeDeliveries++;

    private void DeliveryFinished()
    {
        TaskCompletionSource<bool>? idle = null;
        lock (_gate)
        {
            if (--_activeDeliveries == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }
        idle?.TrySetResult(true);
    }

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(OrderedNotifier<T>));
    }

    private sealed class Mailbox : IDisposable
    {
        private readonly OrderedNotifier<T> _owner;
        private readonly Action<T> _listener;
        // Guarded by _owner._gate.
        private bool _hasPending;
        private T _pending = default!;
        private long _newestOffered = -1;
        private bool _delivering;
        private bool _closed;

        public Mailbox(OrderedNotifier<T> owner, Action<T> listener)
        {
            _owner = owner;
            _listener = listener;
        }

        // Under _owner._gate. Returns true when the caller must start the delivery loop.
        public bool Offer(T snapshot, long version)
        {
            if (_closed || version <= _newestOffered) return false;
            _newestOffered = version;
            _pending = snapshot;
            _hasPending = true;
            if (_delivering) return false;
            _delivering = true;
            _owner.DeliveryStarted();
            return true;
        }

        // Under _owner._gate.
        public void Close()
        {
            _closed = true;
            _hasPending = false;
            _pending = default!;
        }

        public void Drain()
        {
            while (true)
            {
                T snapshot;
                lock (_owner._gate)
                {
                    if (!_hasPending || _closed)
                    {
                        _delivering = false;
                        break;
                    }
                    snapshot = _pending;
                    _pending = default!;
                    _hasPending = false;
                }
                try
                {
                    _listener(snapshot);
                }
                catch
                {
                    // A failing listener must not stop its own later deliveries nor anyone else's.
                }
            }
            _owner.DeliveryFinished();
        }

        public void Dispose()
        {
            lock (_owner._gate) Close();
            _owner.Remove(this);
        }
    }
}
