using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace StaleSnapshot.Runtime;

/// <summary>
/// Holds a state of type <typeparamref name="T"/> and notifies listeners of its changes so that no listener can
/// ever act on a stale snapshot: per listener, deliveries never overlap and never go backwards, and the newest
/// state is always the last one delivered. Put it behind your own listener API to fix an OPA-shaped source.
/// </summary>
/// <remarks>
/// <para>
/// Every change happens under one lock and gets the next version, so the order of snapshots is the order of
/// changes. Each listener has its own mailbox (one slot for <see cref="DeliveryMode.LatestWins"/>, a queue for
/// <see cref="DeliveryMode.EveryChange"/>) drained by at most one loop at a time on the thread pool.
/// </para>
/// <para>
/// Re-entrancy: no lock is held while listener code runs, so a listener may call every member of this or any
/// other notifier (<see cref="Current"/>, <see cref="Update"/>, <see cref="Subscribe(Action{T}, DeliveryMode, string?)"/>,
/// disposing a subscription, <see cref="Dispose"/>) without deadlock. Updates made from inside a listener are
/// delivered after the call returns, in order, like any other.
/// </para>
/// <para>
/// Isolation: an updater never waits for a listener; a slow listener delays only its own later deliveries; a
/// listener that throws is reported to <see cref="ListenerFailed"/> and keeps getting later snapshots.
/// </para>
/// <para>
/// Waiting: disposing a subscription or the notifier waits for a listener call already running on another
/// thread, like <c>CancellationTokenRegistration.Dispose</c>. It never waits for the call it is made from, and
/// never for a call that is itself blocked waiting in such a dispose (of any notifier), so listeners that
/// dispose each other's subscriptions release each other instead of deadlocking. Do not hold a lock of your own
/// that a listener takes while you dispose.
/// </para>
/// </remarks>
/// <typeparam name="T">The snapshot type. Treat snapshots as immutable: listeners on other threads read them.</typeparam>
[OrderedSnapshotSource]
public sealed class OrderedNotifier<T> : IDisposable, IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly List<Mailbox> _mailboxes = new();
    private T _state;
    private long _version;
    private bool _disposed;

    private int _activeLoops;
    private TaskCompletionSource<bool>? _idle;
    private volatile Action<ListenerFailure>? _listenerFailed;

    /// <summary>Creates a notifier holding <paramref name="initialState"/> as version 0.</summary>
    public OrderedNotifier(T initialState) => _state = initialState;

    /// <summary>The current state: always at least as new as anything delivered to a listener.</summary>
    /// <remarks>Still readable after <see cref="Dispose"/>: it then returns the last state.</remarks>
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
    /// Called, on the listener's thread, with every exception a listener throws. The listener stays subscribed.
    /// Null (the default) ignores failures. Exceptions thrown by the hook itself are ignored.
    /// </summary>
    public Action<ListenerFailure>? ListenerFailed
    {
        get => _listenerFailed;
        set => _listenerFailed = value;
    }

    /// <summary>
    /// Atomically replaces the state with <c>change(current)</c>, gives it the next version and schedules its
    /// delivery to every listener. Never waits for a listener. Returns the new state.
    /// </summary>
    /// <remarks>
    /// <paramref name="change"/> runs under the notifier's lock: keep it short and do not call back into the
    /// notifier from it. If it throws, the state is left unchanged and the exception propagates.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The notifier was disposed.</exception>
    public T Update(Func<T, T> change)
    {
        if (change is null) throw new ArgumentNullException(nameof(change));
        return Update(static (current, apply) => apply(current), change);
    }

    /// <summary>
    /// <see cref="Update(Func{T, T})"/> without a closure: <paramref name="change"/> gets the current state and
    /// <paramref name="argument"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The notifier was disposed.</exception>
    public T Update<TArgument>(Func<T, TArgument, T> change, TArgument argument)
    {
        if (change is null) throw new ArgumentNullException(nameof(change));
        lock (_gate)
        {
            ThrowIfDisposed();
            var next = change(_state, argument);
            _state = next;
            _version++;
            foreach (var mailbox in _mailboxes) mailbox.Offer(next, _version);
            return next;
        }
    }

    /// <summary>Replaces the state with <paramref name="state"/>; see <see cref="Update(Func{T, T})"/>.</summary>
    /// <exception cref="ObjectDisposedException">The notifier was disposed.</exception>
    public T Set(T state) => Update(static (_, next) => next, state);

    /// <summary>
    /// Registers <paramref name="listener"/>. It is called with the current state right away (on the thread
    /// pool) and then with newer states as <paramref name="mode"/> says. Dispose the result to unregister.
    /// </summary>
    /// <param name="listener">Called with each snapshot; calls never overlap and never go backwards.</param>
    /// <param name="mode">Latest-wins (the default) or every change in order.</param>
    /// <param name="name">Reported in <see cref="ListenerFailure.ListenerName"/>.</param>
    /// <returns>
    /// The subscription. Disposing it stops deliveries: after <c>Dispose</c> returns the listener is not called
    /// again, and a call already running on another thread has returned (see the class remarks for the two
    /// exceptions: a dispose from inside the listener itself does not wait for its own call, which runs to its
    /// end; a call blocked in a dispose is not waited for). Disposing twice is a no-op.
    /// </returns>
    /// <exception cref="ObjectDisposedException">The notifier was disposed.</exception>
    public IDisposable Subscribe(Action<T> listener, DeliveryMode mode = DeliveryMode.LatestWins, string? name = null)
    {
        if (listener is null) throw new ArgumentNullException(nameof(listener));
        return Subscribe((snapshot, _) => listener(snapshot), mode, name);
    }

    /// <summary>
    /// Same as <see cref="Subscribe(Action{T}, DeliveryMode, string?)"/>, for a listener that also wants each
    /// snapshot's version (to log it, or compare it with <see cref="Version"/>).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The notifier was disposed.</exception>
    public IDisposable Subscribe(Action<T, long> listener, DeliveryMode mode = DeliveryMode.LatestWins, string? name = null) =>
        Subscribe(listener, mode, name, onClosed: null);

    /// <summary>
    /// Watches the state asynchronously: yields the current state, then the newest state each time the
    /// consumer asks for the next one (latest wins: states produced while the consumer is busy are skipped except
    /// the newest). Ends when the notifier is disposed; cancelling <paramref name="cancellationToken"/> throws
    /// <see cref="OperationCanceledException"/> from the pending or next <c>MoveNextAsync</c>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The notifier was disposed before the watch started.</exception>
    public async IAsyncEnumerable<T> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var inbox = new WatchInbox();
        using var subscription = Subscribe(inbox.Post, DeliveryMode.LatestWins, "watch", inbox.Close);
        while (true)
        {
            var (received, snapshot) = await inbox.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (!received) yield break;
            yield return snapshot;
        }
    }

    /// <summary>
    /// Completes once every delivery scheduled so far, and any scheduled meanwhile, has finished: at that point
    /// each listener's last delivery was the current state. Do not block on it from inside a listener.
    /// </summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_activeLoops == 0) return Task.CompletedTask;
            _idle ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>
    /// Stops the notifier. Pending deliveries are dropped, so it returns as soon as the listener calls running on
    /// other threads right now have returned, however many updates are queued. After it returns no listener
    /// runs (when called from inside a listener: that call runs to its end, and no other does). Later
    /// <see cref="Update(Func{T, T})"/>, <see cref="Set"/> and <c>Subscribe</c> throw
    /// <see cref="ObjectDisposedException"/>; <see cref="Current"/> keeps returning the last state; disposing
    /// again, or disposing a subscription, is a no-op that waits the same way.
    /// </summary>
    public void Dispose() => RunningDelivery.WaitAll(Stop());

    /// <summary>
    /// <see cref="Dispose"/> without blocking a thread: the returned task completes once no listener runs.
    /// Called from inside a listener, that listener's current call is not waited for by anyone from then on
    /// (so that blocking on the task there cannot deadlock).
    /// </summary>
    public ValueTask DisposeAsync()
    {
        var running = Stop();
        RunningDelivery.Current?.Park();
        return running is null ? default : new ValueTask(WhenAllReturned(running));
    }

    private static async Task WhenAllReturned(List<Task> calls)
    {
        foreach (var call in calls) await call.ConfigureAwait(false);
    }

    private List<Task>? Stop()
    {
        List<Action>? closed = null;
        List<Task>? running = null;
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                foreach (var mailbox in _mailboxes)
                {
                    var onClosed = mailbox.Close();
                    if (onClosed is not null) (closed ??= new()).Add(onClosed);
                }
            }
            foreach (var mailbox in _mailboxes)
            {
                var call = mailbox.CallToWaitFor();
                if (call is not null) (running ??= new()).Add(call);
            }
        }
        if (closed is not null) foreach (var onClosed in closed) onClosed();
        return running;
    }

    private IDisposable Subscribe(Action<T, long> listener, DeliveryMode mode, string? name, Action? onClosed)
    {
        if (listener is null) throw new ArgumentNullException(nameof(listener));
        var mailbox = new Mailbox(this, listener, mode, name, onClosed);
        lock (_gate)
        {
            ThrowIfDisposed();
            _mailboxes.Add(mailbox);
            mailbox.Offer(_state, _version);
        }
        return mailbox;
    }

    private void ThrowIfDisposed()
    {
        if (_disposed) throw new ObjectDisposedException(nameof(OrderedNotifier<T>));
    }

    /// <summary>One listener's pending snapshots and the state of its delivery loop. Fields guarded by _gate.</summary>
    private sealed class Mailbox : IDisposable, IRunningDelivery
    {
        private static readonly Action<object?> DrainCallback = static state => ((Mailbox)state!).Drain();

        private readonly OrderedNotifier<T> _owner;
        private readonly Action<T, long> _listener;
        private readonly string? _name;
        private readonly Queue<(T Snapshot, long Version)>? _queue;
        private Action? _onClosed;

        private bool _hasPending;
        private T _pending = default!;
        private long _pendingVersion;
        private long _newestOffered = -1;
        private bool _closed;

        private bool _loopScheduled;
        private bool _callRunning;
        private int _parkDepth;
        private TaskCompletionSource<bool>? _callReleased;

        public Mailbox(OrderedNotifier<T> owner, Action<T, long> listener, DeliveryMode mode, string? name, Action? onClosed)
        {
            _owner = owner;
            _listener = listener;
            _name = name;
            _onClosed = onClosed;
            if (mode == DeliveryMode.EveryChange) _queue = new();
        }

        // Under _gate. Versions only grow, so a mailbox never takes an older snapshot after a newer one.
        public void Offer(T snapshot, long version)
        {
            if (_closed || version <= _newestOffered) return;
            _newestOffered = version;
            if (_queue is not null)
            {
                _queue.Enqueue((snapshot, version));
            }
            else
            {
                _pending = snapshot;
                _pendingVersion = version;
                _hasPending = true;
            }
            if (_loopScheduled) return;
            _loopScheduled = true;
            _owner._activeLoops++;
            // A task rather than a raw work item: systematic testing (Coyote) controls tasks' scheduling.
            Task.Factory.StartNew(DrainCallback, this, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        }

        // Under _gate. Returns the callback to run, outside the lock, to tell a watcher it ended.
        public Action? Close()
        {
            _closed = true;
            _hasPending = false;
            _pending = default!;
            _queue?.Clear();
            var onClosed = _onClosed;
            _onClosed = null;
            return onClosed;
        }

        // Under _gate. The call a disposer has to wait for, or null when there is none to wait for. The caller's own
        // call is skipped here; parking in RunningDelivery.WaitAll would release it too, this just avoids the wait.
        public Task? CallToWaitFor()
        {
            if (!_callRunning || _parkDepth > 0 || ReferenceEquals(RunningDelivery.Current, this)) return null;
            _callReleased ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _callReleased.Task;
        }

        public void Park()
        {
            TaskCompletionSource<bool>? released = null;
            lock (_owner._gate)
            {
                if (!_callRunning) return;
                if (_parkDepth++ == 0) released = TakeReleased();
            }
            released?.TrySetResult(true);
        }

        public void Unpark()
        {
            lock (_owner._gate)
            {
                if (_callRunning && _parkDepth > 0) _parkDepth--;
            }
        }

        public void Dispose()
        {
            Action? onClosed;
            Task? running;
            lock (_owner._gate)
            {
                onClosed = Close();
                _owner._mailboxes.Remove(this);
                running = CallToWaitFor();
            }
            onClosed?.Invoke();
            if (running is not null) RunningDelivery.WaitAll(new List<Task>(1) { running });
        }

        private void Drain()
        {
            T snapshot;
            long version;
            TaskCompletionSource<bool>? idle;
            bool next;
            lock (_owner._gate) next = BeginCall(out snapshot, out version, out idle);
            while (next)
            {
                Invoke(snapshot, version);
                TaskCompletionSource<bool>? released;
                lock (_owner._gate)
                {
                    _callRunning = false;
                    _parkDepth = 0;
                    released = TakeReleased();
                    next = BeginCall(out snapshot, out version, out idle);
                }
                released?.TrySetResult(true);
            }
            idle?.TrySetResult(true);
        }

        // Under _gate: takes the next snapshot and marks the call running, or ends the loop.
        private bool BeginCall(out T snapshot, out long version, out TaskCompletionSource<bool>? idle)
        {
            idle = null;
            if (!_closed && _queue is { Count: > 0 })
            {
                (snapshot, version) = _queue.Dequeue();
                _callRunning = true;
                return true;
            }
            if (!_closed && _hasPending)
            {
                snapshot = _pending;
                version = _pendingVersion;
                _pending = default!;
                _hasPending = false;
                _callRunning = true;
                return true;
            }
            snapshot = default!;
            version = 0;
            _loopScheduled = false;
            if (--_owner._activeLoops == 0)
            {
                idle = _owner._idle;
                _owner._idle = null;
            }
            return false;
        }

        private TaskCompletionSource<bool>? TakeReleased()
        {
            var released = _callReleased;
            _callReleased = null;
            return released;
        }

        private void Invoke(T snapshot, long version)
        {
            var previous = RunningDelivery.Enter(this);
            try
            {
                _listener(snapshot, version);
            }
            catch (Exception exception)
            {
                Report(new ListenerFailure(_name, version, exception));
            }
            finally
            {
                RunningDelivery.Exit(previous);
            }
        }

        private void Report(ListenerFailure failure)
        {
            try
            {
                _owner._listenerFailed?.Invoke(failure);
            }
            catch
            {
                // The hook is the last place to report to: a failing hook must not stop deliveries.
            }
        }
    }

    /// <summary>The one-slot buffer between a subscription and an async consumer of <see cref="WatchAsync"/>.</summary>
    private sealed class WatchInbox
    {
        private readonly object _lock = new();
        private T _latest = default!;
        private bool _hasLatest;
        private bool _closed;
        private TaskCompletionSource<bool>? _waiter;

        public void Post(T snapshot, long version)
        {
            TaskCompletionSource<bool>? waiter;
            lock (_lock)
            {
                _latest = snapshot;
                _hasLatest = true;
                waiter = TakeWaiter();
            }
            waiter?.TrySetResult(true);
        }

        public void Close()
        {
            TaskCompletionSource<bool>? waiter;
            lock (_lock)
            {
                _closed = true;
                waiter = TakeWaiter();
            }
            waiter?.TrySetResult(true);
        }

        public async ValueTask<(bool Received, T Snapshot)> ReceiveAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Task arrived;
                lock (_lock)
                {
                    if (_hasLatest)
                    {
                        var snapshot = _latest;
                        _latest = default!;
                        _hasLatest = false;
                        return (true, snapshot);
                    }
                    if (_closed) return (false, default!);
                    _waiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    arrived = _waiter.Task;
                }
                if (!cancellationToken.CanBeCanceled)
                {
                    await arrived.ConfigureAwait(false);
                    continue;
                }
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), cancelled))
                {
                    await Task.WhenAny(arrived, cancelled.Task).ConfigureAwait(false);
                }
            }
        }

        private TaskCompletionSource<bool>? TakeWaiter()
        {
            var waiter = _waiter;
            _waiter = null;
            return waiter;
        }
    }
}
