using Snap004 = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.SourceConfigurationAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

public class Snap004AnalyzerTests
{
    private const string Name = "malformed configuration lines";

    [Fact]
    public Task Each_malformed_line_is_reported_on_its_line_with_the_reason()
    {
        var testCase = AnalyzerCases.Named(Name);
        var lines = testCase.Configuration!.Split('\n');
        var expected = AnalyzerCases.MalformedLines[Name]
            .Select(error => Snap004.Diagnostic()
                .WithSpan(SourceConfiguration.FileName, error.Line, 1, error.Line, lines[error.Line - 1].Length + 1)
                .WithArguments(error.Line, SourceConfiguration.FileName, error.Reason))
            .ToArray();
        return Snap004.CaseAsync(testCase, expectMarked: false, expected);
    }

    [Fact]
    public async Task Well_formed_lines_of_a_file_with_errors_still_declare_sources()
    {
        var testCase = AnalyzerCases.Named(Name) with
        {
            Code = AnalyzerCases.Named(Name).Code + "class Trader { decimal _price; Trader() => Vendor.Ticker.Listen(tick => _price = tick); }",
        };
        var (diagnostics, crashes) = await AnalyzerRunner.RunAsync(testCase);
        Assert.Empty(crashes);
        Assert.Single(diagnostics, d => d.Id == DiagnosticIds.StaleSnapshotListener);
    }

    [Fact]
    public Task Well_formed_file_is_not_reported() =>
        Snap004.CaseAsync(AnalyzerCases.Named("well-formed configuration with comments and blank lines"), expectMarked: false);
}
