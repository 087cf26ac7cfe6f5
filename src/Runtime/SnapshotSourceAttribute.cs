using System;

namespace StaleSnapshot.Runtime;

/// <summary>
/// Declares that a registration method or event may deliver snapshots to its listeners out of order (an older
/// one after a newer one), and names the member of the same type that returns the current state. The StaleSnapshot
/// analyzers then report listeners that store what they were passed (SNAP001). The analyzers recognize any
/// attribute with this name and one string constructor argument, in any namespace: a library can declare its own.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Event, Inherited = false)]
public sealed class SnapshotSourceAttribute : Attribute
{
    /// <param name="currentState">
    /// The parameterless method, property or field of the declaring type that returns the current state, best
    /// given as <c>nameof(Member)</c>.
    /// </param>
    public SnapshotSourceAttribute(string currentState) => CurrentState = currentState;

    /// <summary>The member that returns the current state.</summary>
    public string CurrentState { get; }
}
