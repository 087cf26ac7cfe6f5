using Microsoft.CodeAnalysis;

namespace StaleSnapshot.Analyzers;

internal static class Descriptors
{
    private const string HelpLinkBase = "https://github.com/stalesnapshot/stalesnapshot/blob/main/docs/rules/";

    private const string StaleSnapshotListenerTitle = "Listener stores state from a snapshot that may arrive out of order";

    private const string StaleSnapshotListenerDescription =
        "A source that copies its state under a lock and calls listeners after releasing it can deliver "
        + "snapshots in any order. A listener that stores what it was passed can keep an old state for good "
        + "while the source already holds a newer one. Read the source's current state in the listener instead.";

    public static readonly DiagnosticDescriptor StaleSnapshotListener = new(
        DiagnosticIds.StaleSnapshotListener,
        title: StaleSnapshotListenerTitle,
        messageFormat: "Listener stores state derived from the snapshot passed by '{0}', which may deliver an older snapshot after a newer one; read '{1}' instead",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: StaleSnapshotListenerDescription,
        helpLinkUri: HelpLinkBase + DiagnosticIds.StaleSnapshotListener + ".md");

    /// <summary>SNAP001 when the source's own code shows the out-of-order delivery (SNAP002 flags it).</summary>
    public static readonly DiagnosticDescriptor StaleSnapshotListenerConfirmed = new(
        DiagnosticIds.StaleSnapshotListener,
        title: StaleSnapshotListenerTitle,
        messageFormat: "Listener stores state derived from the snapshot passed by '{0}', and its code confirms an older snapshot can arrive after a newer one: '{2}' hands listeners '{3}' after releasing lock '{4}'; read '{1}' instead",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: StaleSnapshotListenerDescription,
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

    public static readonly DiagnosticDescriptor OptionsMonitorListener = new(
        DiagnosticIds.OptionsMonitorListener,
        title: "Options change listener stores the options it was passed",
        messageFormat: "Listener stores state derived from the options passed by '{0}'; with several change sources an older value can arrive last; read '{1}' instead",
        category: "Reliability",
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "IOptionsMonitor<T>.OnChange calls listeners outside any lock. One change source is serialized, "
            + "but when several sources fire on different threads an older options value can be delivered last. "
            + "Reading CurrentValue (or Get(name) for named options) in the listener always stores the newest.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.OptionsMonitorListener + ".md");

    public static readonly DiagnosticDescriptor MalformedSourceConfiguration = new(
        DiagnosticIds.MalformedSourceConfiguration,
        title: "Snapshot source configuration line cannot be read",
        messageFormat: "Line {0} of '{1}' is ignored: {2}",
        category: "Configuration",
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Each line of " + SourceConfiguration.FileName + " names a registration member and its "
            + "current-state member by documentation-comment ID, separated by white space; '#' starts a comment.",
        helpLinkUri: HelpLinkBase + DiagnosticIds.MalformedSourceConfiguration + ".md");
}
