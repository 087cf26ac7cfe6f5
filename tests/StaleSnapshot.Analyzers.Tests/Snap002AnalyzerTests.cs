using Snap002 = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.SnapshotAfterUnlockAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

public class Snap002AnalyzerTests
{
    public static TheoryData<string> Reported => AnalyzerCases.NamesOf(AnalyzerCases.Snap002Reported);

    public static TheoryData<string> NotReported => AnalyzerCases.NamesOf(AnalyzerCases.Snap002NotReported);

    [Theory]
    [MemberData(nameof(Reported))]
    public Task Snapshot_delivered_after_unlocking_is_reported(string name) =>
        Snap002.CaseAsync(AnalyzerCases.Named(name), expectMarked: true);

    [Theory]
    [MemberData(nameof(NotReported))]
    public Task Ordered_or_uncaptured_delivery_is_not_reported(string name) =>
        Snap002.CaseAsync(AnalyzerCases.Named(name), expectMarked: false);
}
