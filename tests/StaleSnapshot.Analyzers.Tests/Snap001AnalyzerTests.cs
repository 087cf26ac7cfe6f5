using Snap001 = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.StaleSnapshotListenerAnalyzer>;
using Snap003 = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.OptionsMonitorListenerAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

public class Snap001AnalyzerTests
{
    /// <summary>An OPA-shaped source written the naive way, as users have it (shared with the code fix tests).</summary>
    internal const string Source = AnalyzerCases.Source;

    public static TheoryData<string> Reported => AnalyzerCases.NamesOf(AnalyzerCases.Snap001Reported);

    public static TheoryData<string> NotReported => AnalyzerCases.NamesOf(AnalyzerCases.Snap001NotReported);

    public static TheoryData<string> OptionsCases =>
        AnalyzerCases.NamesOf(AnalyzerCases.Snap003Reported.Concat(AnalyzerCases.Snap003NotReported));

    [Theory]
    [MemberData(nameof(Reported))]
    public Task Listener_storing_the_snapshot_is_reported(string name) =>
        Snap001.CaseAsync(AnalyzerCases.Named(name), expectMarked: true);

    [Theory]
    [MemberData(nameof(NotReported))]
    public async Task Listener_not_storing_a_stale_snapshot_is_not_reported(string name)
    {
        var testCase = AnalyzerCases.Named(name);
        await Snap001.CaseAsync(testCase, expectMarked: false);
        await Snap003.CaseAsync(testCase, expectMarked: false);
    }

    [Theory]
    [MemberData(nameof(OptionsCases))]
    public Task Options_monitor_listeners_are_left_to_SNAP003(string name) =>
        Snap001.CaseAsync(AnalyzerCases.Named(name), expectMarked: false);

    public static TheoryData<string> Confirmed => AnalyzerCases.NamesOf(AnalyzerCases.Snap001Confirmed);

    public static TheoryData<string> SourceUnjudged => AnalyzerCases.NamesOf(AnalyzerCases.Snap001SourceUnjudged);

    public static TheoryData<string> OrderedSources => AnalyzerCases.NamesOf(AnalyzerCases.Snap001OrderedSources);

    [Theory]
    [MemberData(nameof(Confirmed))]
    public Task Source_whose_code_delivers_after_unlocking_confirms_the_report(string name) =>
        Snap001.CaseAsync(AnalyzerCases.Named(name), expectMarked: true);

    [Theory]
    [MemberData(nameof(SourceUnjudged))]
    public Task Source_whose_code_proves_nothing_keeps_the_usual_message(string name) =>
        Snap001.CaseAsync(AnalyzerCases.Named(name), expectMarked: true);

    [Theory]
    [MemberData(nameof(OrderedSources))]
    public Task Source_whose_code_delivers_in_order_is_not_reported(string name) =>
        Snap001.CaseAsync(AnalyzerCases.Named(name), expectMarked: false);

    [Theory]
    [MemberData(nameof(Confirmed))]
    public async Task Confirmed_report_points_at_the_delivery_SNAP002_reports(string name)
    {
        var (diagnostics, crashes) = await AnalyzerRunner.RunAsync(AnalyzerCases.Named(name));
        Assert.Empty(crashes);
        var listener = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.StaleSnapshotListener);
        var delivery = Assert.Single(diagnostics, d => d.Id == DiagnosticIds.SnapshotDeliveredAfterUnlock);
        Assert.Equal(delivery.Location, Assert.Single(listener.AdditionalLocations));
        // The fix reads the same properties whichever message the report has.
        Assert.Equal("Statuses", listener.Properties[ListenerCheck.CurrentStateMemberKey]);
        Assert.Equal("true", listener.Properties[ListenerCheck.ReadOnReceiverKey]);
    }

    [Fact]
    public async Task Lambda_listener_on_a_written_receiver_carries_what_the_fix_needs()
    {
        var diagnostic = await SingleAsync("expression lambda into a field");
        Assert.Equal("PluginStatus", diagnostic.Properties[ListenerCheck.CurrentStateMemberKey]);
        Assert.Equal("Method", diagnostic.Properties[ListenerCheck.CurrentStateKindKey]);
        Assert.Equal("0", diagnostic.Properties[ListenerCheck.ParameterIndexKey]);
        Assert.Equal("true", diagnostic.Properties[ListenerCheck.ReadOnReceiverKey]);
    }

    [Theory]
    [InlineData("method group on the same type, also called directly")]
    [InlineData("local function")]
    [InlineData("event whose arguments carry the state")]
    [InlineData("event handled by a method group")]
    public async Task Any_listener_shape_on_a_written_receiver_can_read_it(string name)
    {
        var diagnostic = await SingleAsync(name);
        Assert.Equal("true", diagnostic.Properties[ListenerCheck.ReadOnReceiverKey]);
    }

    [Fact]
    public async Task Static_current_state_is_not_read_on_the_receiver()
    {
        var diagnostic = await SingleAsync("registration marked with the runtime's [SnapshotSource]");
        Assert.Equal("false", diagnostic.Properties[ListenerCheck.ReadOnReceiverKey]);
    }

    [Fact]
    public async Task Event_argument_state_names_the_member_it_came_from()
    {
        var diagnostic = await SingleAsync("event whose arguments carry the state");
        Assert.Equal("Status", diagnostic.Properties[ListenerCheck.SnapshotMemberKey]);
        Assert.Equal("1", diagnostic.Properties[ListenerCheck.ParameterIndexKey]);
    }

    [Fact]
    public Task Method_group_declared_in_another_file_is_analyzed()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<StaleSnapshotListenerAnalyzer, Microsoft.CodeAnalysis.Testing.DefaultVerifier>();
        test.TestState.Sources.Add(Source + """
            partial class Engine
            {
                public Engine(Manager manager) => manager.RegisterPluginStatusListener("health", {|#0:OnStatus|});
            }
            """);
        test.TestState.Sources.Add("""
            using System.Collections.Generic;
            partial class Engine
            {
                private int _count;
                private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
            }
            """);
        test.TestState.ReferenceAssemblies = References.Net100;
        test.TestState.AdditionalReferences.AddRange(References.All);
        test.ExpectedDiagnostics.Add(Snap001.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));
        return test.RunAsync();
    }

    /// <summary>
    /// Event arguments read through the shapes that hide their other members; the state member still counts. Kept
    /// out of the shared cases because the fix declines these shapes (the not-reported twins there get damaged).
    /// </summary>
    [Theory]
    [InlineData("(sender, e) => _last = e?.Status", "Status? _last")]
    [InlineData("(sender, e) => { var a = e; _last = a.Status; }", "Status? _last")]
    [InlineData("(sender, e) => { if (e is { Status.Ready: true, Seq: > 0 }) _ready = true; }", "bool _ready")]
    [InlineData("(sender, e) => { if (e is StatusEventArgs a) _last = a.Status; }", "Status? _last")]
    [InlineData("(sender, e) => _last = e", "StatusEventArgs? _last")]
    public Task Event_argument_state_reached_through_any_shape_is_reported(string handler, string field) =>
        Snap001.CaseAsync(AnalyzerCases.SequencedWatcher("state", handler, field, reported: true), expectMarked: true);

    private static Task<Microsoft.CodeAnalysis.Diagnostic> SingleAsync(string name) =>
        AnalyzerRunner.SingleAsync(name, DiagnosticIds.StaleSnapshotListener);
}
