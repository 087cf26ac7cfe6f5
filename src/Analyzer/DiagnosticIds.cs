namespace StaleSnapshot.Analyzers;

/// <summary>Every diagnostic ID the StaleSnapshot analyzers report, in one place.</summary>
public static class DiagnosticIds
{
    /// <summary>A listener stores state derived from a snapshot that may arrive out of order.</summary>
    public const string StaleSnapshotListener = "SNAP001";
}
