using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using StaleSnapshot.Tests.Shared;
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

    /// <summary>The runtime's own sources (locks, listener calls, delivery loops) compiled as a user's project would.</summary>
    [Fact]
    public async Task The_runtime_itself_is_not_reported()
    {
        var (diagnostics, crashes) = await AnalyzeRuntimeAsync(withoutOrderedAttribute: false);

        Assert.Empty(crashes);
        Assert.Empty(diagnostics);
    }

    /// <summary>
    /// With <c>[OrderedSnapshotSource]</c> removed SNAP002 still reports nothing: the delivery loops (ordered, one
    /// per listener) take the snapshot under the lock through an <c>out</c> argument and call the listener from
    /// another method, which the rule does not follow. SNAP001 then reports the notifier's own watcher, which keeps
    /// what it is passed: ordering by a delivery loop is invisible to one-method analysis, hence the attribute.
    /// </summary>
    [Fact]
    public async Task The_runtime_without_its_ordered_attribute_has_no_unlocked_delivery()
    {
        var (diagnostics, crashes) = await AnalyzeRuntimeAsync(withoutOrderedAttribute: true);

        Assert.Empty(crashes);
        Assert.DoesNotContain(diagnostics, d => d.Id == DiagnosticIds.SnapshotDeliveredAfterUnlock);
        var watcher = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticIds.StaleSnapshotListener, watcher.Id);
        Assert.Equal("inbox.Post", watcher.Location.SourceTree!.ToString().Substring(watcher.Location.SourceSpan.Start, watcher.Location.SourceSpan.Length));
    }

    private static async Task<(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<Exception> Crashes)> AnalyzeRuntimeAsync(bool withoutOrderedAttribute)
    {
        var trees = Directory.GetFiles(Repository.PathOf("src/Runtime"), "*.cs")
            .Select(path => File.ReadAllText(path))
            .Select(text => withoutOrderedAttribute ? OrderedAttributeUse.Replace(text, "") : text)
            .Select(text => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview)))
            .ToList();
        Assert.Equal(withoutOrderedAttribute ? 0 : 2, trees.Sum(t => OrderedAttributeUse.Matches(t.ToString()).Count));
        var compilation = CSharpCompilation.Create(
            "StaleSnapshot.Runtime", trees, Basic.Reference.Assemblies.Net100.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return await AnalyzerRunner.RunAsync(compilation);
    }

    private static readonly Regex OrderedAttributeUse = new(@"^\[OrderedSnapshotSource\]\r?$", RegexOptions.Multiline);
}
