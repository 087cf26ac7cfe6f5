using Microsoft.CodeAnalysis.CSharp;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>Every analyzer must survive any input: incomplete code and every test input broken in many ways.</summary>
public class RobustnessTests
{
    public static TheoryData<string> Incomplete => AnalyzerCases.NamesOf(AnalyzerCases.Incomplete);

    [Theory]
    [MemberData(nameof(Incomplete))]
    public async Task Incomplete_code_never_crashes_an_analyzer(string name)
    {
        var (diagnostics, crashes) = await AnalyzerRunner.RunAsync(AnalyzerCases.Named(name));
        Assert.Empty(crashes);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    /// <summary>
    /// Each test input truncated after, and missing, tokens spread over it (about a dozen cuts each), plus its
    /// configuration file damaged the same way: no analyzer may throw.
    /// </summary>
    [Fact]
    public async Task Damaged_test_inputs_never_crash_an_analyzer()
    {
        var failures = new List<string>();
        var runs = 0;
        foreach (var testCase in AnalyzerCases.All)
        {
            foreach (var (how, code, configuration) in Damaged(testCase))
            {
                runs++;
                var (_, crashes) = await AnalyzerRunner.RunAsync(code, configuration, testCase.Executable);
                failures.AddRange(crashes.Select(c => $"{testCase.Name}, {how}: {c.GetType().Name}: {c.Message}"));
            }
        }
        // The run count bounds the time (about 25 ms a run, under half a minute on two busy cores).
        Assert.InRange(runs, 5 * AnalyzerCases.All.Count, 20 * AnalyzerCases.All.Count);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private const int CutsPerInput = 6;

    private static IEnumerable<(string How, string Code, string? Configuration)> Damaged(AnalyzerCase testCase)
    {
        var code = testCase.PlainCode;
        var tokens = CSharpSyntaxTree.ParseText(code).GetRoot().DescendantTokens().ToList();
        var step = Math.Max(1, tokens.Count / CutsPerInput);
        // Offset the cuts per input so that, over all inputs, every position in a listener gets hit.
        for (var index = testCase.Name.Length % step; index < tokens.Count; index += step)
        {
            var token = tokens[index];
            yield return ($"truncated at token {index}", code[..token.Span.End], testCase.Configuration);
            yield return ($"token {index} dropped", code.Remove(token.Span.Start, token.Span.Length), testCase.Configuration);
        }
        if (testCase.Configuration is { } configuration)
        {
            for (var cut = 0; cut < configuration.Length; cut += Math.Max(1, configuration.Length / CutsPerInput))
            {
                yield return ($"configuration truncated at {cut}", code, configuration[..cut]);
                yield return ($"configuration character {cut} dropped", code, configuration.Remove(cut, 1));
            }
        }
    }
}
