using Microsoft.CodeAnalysis;

namespace StaleSnapshot.Analyzers;

internal static class Descriptors
{
    private const string HelpLinkBase = "https://github.com/stalesnapshot/stalesnapshot/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor StaleSnapshotListener = new(
        DiagnosticIds.StaleSnapshotListener,
        title: "Listener stores state from a snapshot that may arrive out of order",
        messageFormat: "Listener stores state derived from the snapshot passed by '{0}', which may deliver an older snapshot after a newer one; read '{1}' instead",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A source that copies its state under a lock and calls listeners after releasing it can deliver "
            + "snapshots in any order. A listener that stores what it was passed can keep an old state for good "
            + "while the source already holds a newer one. Read the source's current state in the listener instead.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.StaleSnapshotListener + ".md");

    public static readonly DiagnosticDescriptor SnapshotDeliveredAfterUnlock = new(
        DiagnosticIds.SnapshotDeliveredAfterUnlock,
        title: "Snapshot captured under a lock is delivered after the lock is released",
        messageFormat: "'{0}' is captured under lock '{1}' and handed to listeners after the lock is released; a concurrent update can deliver a newer snapshot first and this one last",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Copying state under a lock and notifying listeners after releasing it lets two concurrent updates "
            + "deliver their snapshots in either order, so a listener can end on the older one. Deliver through an "
            + "ordering engine such as StaleSnapshot.Runtime.OrderedNotifier<T> instead.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.SnapshotDeliveredAfterUnlock + ".md");
}
