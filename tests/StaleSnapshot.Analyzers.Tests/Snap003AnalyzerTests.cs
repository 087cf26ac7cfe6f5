using Snap003 = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.OptionsMonitorListenerAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

public class Snap003AnalyzerTests
{
    public static TheoryData<string> Reported => AnalyzerCases.NamesOf(AnalyzerCases.Snap003Reported);

    public static TheoryData<string> NotReported => AnalyzerCases.NamesOf(AnalyzerCases.Snap003NotReported);

    [Theory]
    [MemberData(nameof(Reported))]
    public Task Options_listener_storing_the_options_is_reported(string name) =>
        Snap003.CaseAsync(AnalyzerCases.Named(name), expectMarked: true);

    [Theory]
    [MemberData(nameof(NotReported))]
    public Task Options_listener_reading_the_current_value_is_not_reported(string name) =>
        Snap003.CaseAsync(AnalyzerCases.Named(name), expectMarked: false);

    [Fact]
    public void Rule_is_informational_by_default() =>
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Info, new OptionsMonitorListenerAnalyzer().SupportedDiagnostics.Single().DefaultSeverity);

    [Fact]
    public async Task Unnamed_listener_carries_CurrentValue()
    {
        var diagnostic = await SingleAsync("OnChange(Action<T>) storing the options");
        Assert.Equal("CurrentValue", diagnostic.Properties[ListenerCheck.CurrentStateMemberKey]);
        Assert.Equal("Property", diagnostic.Properties[ListenerCheck.CurrentStateKindKey]);
        Assert.Equal("0", diagnostic.Properties[ListenerCheck.ParameterIndexKey]);
        Assert.Equal("true", diagnostic.Properties[ListenerCheck.ReadOnReceiverKey]);
        Assert.False(diagnostic.Properties.ContainsKey(OptionsMonitorListenerAnalyzer.NameParameterIndexKey));
    }

    [Fact]
    public async Task Named_listener_using_the_name_carries_Get_and_the_name_parameter()
    {
        var diagnostic = await SingleAsync("OnChange(Action<T, string>) storing by the name it was passed");
        Assert.Equal("Get", diagnostic.Properties[ListenerCheck.CurrentStateMemberKey]);
        Assert.Equal("Method", diagnostic.Properties[ListenerCheck.CurrentStateKindKey]);
        Assert.Equal("1", diagnostic.Properties[OptionsMonitorListenerAnalyzer.NameParameterIndexKey]);
    }

    [Fact]
    public async Task Named_listener_ignoring_the_name_carries_CurrentValue()
    {
        var diagnostic = await SingleAsync("OnChange(Action<T, string>) ignoring the name");
        Assert.Equal("CurrentValue", diagnostic.Properties[ListenerCheck.CurrentStateMemberKey]);
        Assert.False(diagnostic.Properties.ContainsKey(OptionsMonitorListenerAnalyzer.NameParameterIndexKey));
    }

    private static Task<Microsoft.CodeAnalysis.Diagnostic> SingleAsync(string name) =>
        AnalyzerRunner.SingleAsync(name, DiagnosticIds.OptionsMonitorListener);
}
