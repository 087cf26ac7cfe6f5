using System.Collections.Generic;
using System.Threading.Tasks;

namespace StaleSnapshot.Runtime;

/// <summary>A listener call in progress that others may have to wait for.</summary>
internal interface IRunningDelivery
{
    /// <summary>The call blocks in a wait of ours: nobody needs to wait for it until <see cref="Unpark"/>.</summary>
    void Park();

    void Unpark();
}

/// <summary>
/// Which listener call, if any, the current thread is running, and the one way the library waits for calls on
/// other threads. A call that waits is parked first, so two listeners that wait for each other (directly or
/// through several notifiers, of any snapshot type) release each other instead of deadlocking.
/// </summary>
internal static class RunningDelivery
{
    [System.ThreadStatic] private static IRunningDelivery? s_current;

    public static IRunningDelivery? Current => s_current;

    public static IRunningDelivery? Enter(IRunningDelivery delivery)
    {
        var previous = s_current;
        s_current = delivery;
        return previous;
    }

    public static void Exit(IRunningDelivery? previous) => s_current = previous;

    /// <summary>Blocks until every task completes; the caller's own listener call, if any, is parked meanwhile.</summary>
    public static void WaitAll(List<Task>? calls)
    {
        if (calls is null || calls.Count == 0) return;
        var self = s_current;
        self?.Park();
        try
        {
            foreach (var call in calls) call.GetAwaiter().GetResult();
        }
        finally
        {
            self?.Unpark();
        }
    }
}
