namespace StaleSnapshot.Analyzers;

/// <summary>Every diagnostic ID the StaleSnapshot analyzers report, in one place.</summary>
public static class DiagnosticIds
{
    /// <summary>A listener stores state derived from a snapshot that may arrive out of order.</summary>
    public const string StaleSnapshotListener = "SNAP001";

    /// <summary>A source hands listeners a value captured under a lock after releasing that lock.</summary>
    public const string SnapshotDeliveredAfterUnlock = "SNAP002";

    /// <summary>An <c>IOptionsMonitor&lt;T&gt;.OnChange</c> listener stores the options it was passed.</summary>
    public const string OptionsMonitorListener = "SNAP003";

    /// <summary>A line of the snapshot source configuration file cannot be read.</summary>
    public const string MalformedSourceConfiguration = "SNAP004";
}
