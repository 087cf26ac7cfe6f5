using StaleSnapshot.CodeFixes;
using Snap003 = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.OptionsMonitorListenerAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>SNAP003 is fixed by the same provider: the listener reads <c>CurrentValue</c>, or <c>Get(name)</c> for named options.</summary>
public class Snap003CodeFixTests
{
    private static Task FixAsync(string caseName, string listener, string rewritten, string? members = null, string current = "CurrentValue")
    {
        var testCase = AnalyzerCases.Named(caseName);
        Assert.Contains(listener, testCase.Code);
        return Snap003.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            testCase.Code,
            testCase.Code.Replace(listener, rewritten),
            Snap003.Diagnostic().WithLocation(0).WithArguments("IOptionsMonitor<LimitsOptions>", current));
    }

    [Fact]
    public Task Lambda_reads_CurrentValue() => FixAsync(
        "OnChange(Action<T>) storing the options", "{|#0:options => _options = options|}", "_ => _options = monitor.CurrentValue");

    [Fact]
    public Task Named_listener_reads_Get_with_the_name_it_was_passed() => FixAsync(
        "OnChange(Action<T, string>) storing by the name it was passed",
        "{|#0:(options, name) => _byName[name ?? \"\"] = options|}",
        "(_, name) => _byName[name ?? \"\"] = monitor.Get(name)",
        current: "Get(name)");

    [Fact]
    public Task Named_listener_ignoring_the_name_reads_CurrentValue() => FixAsync(
        "OnChange(Action<T, string>) ignoring the name",
        "{|#0:(options, _) => _limit = options.Limit|}",
        "(__, _) => _limit = monitor.CurrentValue.Limit");

    [Fact]
    public Task Method_group_is_wrapped() => FixAsync(
        "OnChange with a method group", "{|#0:Apply|}", "_ => Apply(monitor.CurrentValue)");

    [Fact]
    public Task Named_method_group_passes_the_name_through_and_reads_Get()
    {
        var code = AnalyzerCases.Named("OnChange with a method group").Code
            .Replace("private void Apply(LimitsOptions options) { if (options.Limit > 0) _limit = options.Limit; }",
                "private void Apply(LimitsOptions options, string? name) { _byName[name ?? \"\"] = options; }");
        return Snap003.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            code,
            code.Replace("{|#0:Apply|}", "(_, name) => Apply(monitor.Get(name), name)"),
            Snap003.Diagnostic().WithLocation(0).WithArguments("IOptionsMonitor<LimitsOptions>", "Get(name)"));
    }

    [Fact]
    public Task No_fix_for_the_static_call_form()
    {
        var testCase = AnalyzerCases.Named("OnChange in static call form with a named argument");
        return Snap003.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            testCase.Code, testCase.Code,
            Snap003.Diagnostic().WithLocation(0).WithArguments("IOptionsMonitor<LimitsOptions>", "CurrentValue"));
    }

    // The local may be registered elsewhere too: the fix rewrites listeners written in the call.
    [Fact]
    public Task No_fix_for_a_listener_kept_in_a_local()
    {
        var testCase = AnalyzerCases.Named("OnChange with a listener kept in a local");
        return Snap003.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            testCase.Code, testCase.Code,
            Snap003.Diagnostic().WithLocation(0).WithArguments("IOptionsMonitor<LimitsOptions>", "CurrentValue"));
    }

    [Fact]
    public Task No_fix_when_the_listener_changes_the_name_before_reading()
    {
        var code = AnalyzerCases.Named("OnChange(Action<T, string>) storing by the name it was passed").Code
            .Replace("(options, name) => _byName[name ?? \"\"] = options", "(options, name) => { name ??= \"\"; _byName[name] = options; }");
        return Snap003.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            code, code, Snap003.Diagnostic().WithLocation(0).WithArguments("IOptionsMonitor<LimitsOptions>", "Get(name)"));
    }

    [Fact]
    public Task Strict_variant_reads_and_stores_under_a_lock()
    {
        var testCase = AnalyzerCases.Named("OnChange(Action<T>) storing the options");
        var test = Snap003.NewCodeFixTest<ReadCurrentStateCodeFixProvider>(
            testCase.Code,
            testCase.Code
                .Replace("    private int _limit;", "    private readonly System.Threading.Lock _currentStateLock = new();\n    private int _limit;")
                .Replace("{|#0:options => _options = options|}", """
                    _ =>
                            {
                                lock (_currentStateLock)
                                {
                                    _options = monitor.CurrentValue;
                                }
                            }
                    """),
            Snap003.Diagnostic().WithLocation(0).WithArguments("IOptionsMonitor<LimitsOptions>", "CurrentValue"));
        test.UnderLock();
        return test.RunAsync();
    }
}
