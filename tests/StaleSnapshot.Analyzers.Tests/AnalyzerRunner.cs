using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>Runs every StaleSnapshot analyzer over code that need not compile, and returns what they reported.</summary>
internal static class AnalyzerRunner
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(StaleSnapshotListenerAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    // Compilations derived from one empty compilation share its resolved references: hundreds of runs stay cheap.
    private static readonly CSharpCompilation Library = CSharpCompilation.Create(
        "Damaged", [], References.All, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static readonly CSharpCompilation Executable = Library.WithOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication));

    /// <summary>Returns the diagnostics and every exception an analyzer threw (each would be an AD0001).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Crashes)> RunAsync(
        string code, string? configuration = null, bool executable = false)
    {
        var compilation = (executable ? Executable : Library).AddSyntaxTrees(CSharpSyntaxTree.ParseText(code));
        ImmutableArray<AdditionalText> files = configuration is null
            ? []
            : [new InMemoryText("/project/" + SourceConfiguration.FileName, configuration)];
        return await RunAsync(compilation, files);
    }

    /// <summary>Every analyzer over a compilation built elsewhere (several files, other references).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Crashes)> RunAsync(
        Compilation compilation, ImmutableArray<AdditionalText> files = default)
    {
        if (files.IsDefault) files = [];
        var crashes = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(files),
            onAnalyzerException: (exception, _, _) => { lock (crashes) crashes.Add(exception); },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync();
        return (diagnostics, crashes);
    }

    public static Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Crashes)> RunAsync(AnalyzerCase testCase) =>
        RunAsync(testCase.PlainCode, testCase.Configuration, testCase.Executable);

    /// <summary>The one diagnostic of rule <paramref name="id"/> on a shared test input, with no analyzer crashing.</summary>
    public static async Task<Diagnostic> SingleAsync(string caseName, string id)
    {
        var (diagnostics, crashes) = await RunAsync(AnalyzerCases.Named(caseName));
        Assert.Empty(crashes);
        return Assert.Single(diagnostics, d => d.Id == id);
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
