using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using StaleSnapshot.CodeFixes;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>
/// Every reported test input of the rules the provider fixes gets a fix unless it is a known no-fix shape, and every
/// code action offered produces code that compiles: a fix that breaks code is worse than none.
/// </summary>
public class CodeFixCoverageTests
{
    private static readonly ReadCurrentStateCodeFixProvider Provider = new();

    /// <summary>The reported inputs without a correct rewrite (each has its own no-fix test saying why).</summary>
    private static readonly string[] NoFix =
    [
        "OnChange in static call form with a named argument",
        "event handled by a method group",
        "registration marked with the runtime's [SnapshotSource]",
        "listener kept in a local to remove later",
        "method group kept in a local created with new",
        "event handler kept in a local to remove later",
        "event handler kept in a readonly field, registered outside the constructor",
        "listener kept in a static readonly field with an initializer",
        "listener kept in a readonly field, added and later removed",
        "listener kept in a readonly field set by the base constructor",
        "listener kept in a readonly field, registered from a lambda written before the constructor sets it",
        "OnChange with a listener kept in a local",
    ];

    public static TheoryData<string> Fixable => AnalyzerCases.NamesOf(AnalyzerCases.All.Where(c =>
        c.Rule is not null && Provider.FixableDiagnosticIds.Contains(c.Rule) && c.Configuration is null));

    [Theory]
    [MemberData(nameof(Fixable))]
    public async Task Every_offered_fix_compiles(string name)
    {
        var testCase = AnalyzerCases.Named(name);
        using var workspace = new AdhocWorkspace();
        var options = new CSharpCompilationOptions(testCase.Executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary);
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Fixable", "Fixable", LanguageNames.CSharp,
            compilationOptions: options, metadataReferences: References.All));
        var document = workspace.AddDocument(project.Id, "Case.cs", SourceText.From(testCase.PlainCode));

        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new StaleSnapshotListenerAnalyzer(), new OptionsMonitorListenerAnalyzer());
        var diagnostics = await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
        var diagnostic = Assert.Single(diagnostics, d => d.Id == testCase.Rule);

        var actions = new List<CodeAction>();
        await Provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        if (NoFix.Contains(name)) Assert.Empty(actions);
        else Assert.NotEmpty(actions);
        foreach (var action in actions)
        {
            var changed = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
            var fixedCompilation = (await changed.GetProject(project.Id)!.GetCompilationAsync())!;
            var errors = fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            var fixedText = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
            Assert.True(errors.Count == 0, $"{action.Title}:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}{Environment.NewLine}{fixedText}");
        }
    }
}
