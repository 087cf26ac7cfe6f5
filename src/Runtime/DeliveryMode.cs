namespace StaleSnapshot.Runtime;

/// <summary>How a listener receives the snapshots of an <see cref="OrderedNotifier{T}"/>.</summary>
public enum DeliveryMode
{
    /// <summary>
    /// The default: the listener gets the newest snapshot it has not seen yet. Snapshots produced while it is
    /// busy are skipped except the newest, which is always delivered. Memory per listener: one snapshot.
    /// </summary>
    LatestWins,

    /// <summary>
    /// The listener gets every snapshot, one at a time, in version order. Snapshots produced while it is busy
    /// queue up for it (an unbounded queue: a listener slower than the update rate makes it grow).
    /// </summary>
    EveryChange,
}
