using System;

namespace StaleSnapshot.Runtime;

/// <summary>
/// Declares that a type delivers snapshots to its listeners in order (never an older one after a newer one,
/// newest last), so the StaleSnapshot analyzers do not report listeners registered on it. The analyzers
/// recognize any attribute with this name, in any namespace: a library can declare its own copy.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = false)]
public sealed class OrderedSnapshotSourceAttribute : Attribute
{
}
