using System.Text.RegularExpressions;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>
/// One analyzer test input: code with <c>{|#0:...|}</c> markup where the diagnostic goes (none when nothing is
/// reported; <c>{|#1:...|}</c> marks its additional location, if any), the rule and message arguments expected
/// there, and optionally a source configuration file.
/// Every input lives in <see cref="AnalyzerCases"/> so the damage test can break each of them.
/// </summary>
internal sealed record AnalyzerCase(string Name, string Code, string? Rule = null, string[]? Arguments = null)
{
    /// <summary>Text of stalesnapshot.sources.txt, when the case needs one.</summary>
    public string? Configuration { get; init; }

    /// <summary>The descriptor expected when the rule has more than one message (SNAP001 confirmed by its source's code).</summary>
    public Microsoft.CodeAnalysis.DiagnosticDescriptor? Descriptor { get; init; }

    /// <summary>Top-level statements need an executable.</summary>
    public bool Executable { get; init; }

    public string PlainCode => Markup.Replace(Code, "");

    public override string ToString() => Name;

    private static readonly Regex Markup = new(@"\{\|#\d+:|\|\}", RegexOptions.Compiled);
}

internal static partial class AnalyzerCases
{
    public static IReadOnlyList<AnalyzerCase> All => field ??=
    [
        .. Snap001Reported, .. Snap001NotReported, .. Snap001Confirmed, .. Snap001SourceUnjudged, .. Snap001OrderedSources,
        .. Snap002Reported, .. Snap002NotReported, .. Snap003Reported, .. Snap003NotReported,
        .. Snap004Reported, .. Snap004NotReported, .. Incomplete,
    ];

    public static AnalyzerCase Named(string name) => All.Single(c => c.Name == name);

    public static TheoryData<string> NamesOf(IEnumerable<AnalyzerCase> cases)
    {
        var names = new TheoryData<string>();
        foreach (var c in cases) names.Add(c.Name);
        return names;
    }
}
