using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>Runs every StaleSnapshot analyzer over code that need not compile, and returns what they reported.</summary>
internal static class AnalyzerRunner
{
    /// <summary>Returns the diagnostics and every exception an analyzer threw (each would be an AD0001).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Crashes)> RunAsync(string code)
    {
        var compilation = CSharpCompilation.Create(
            "Damaged",
            [CSharpSyntaxTree.ParseText(code)],
            References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var analyzers = typeof(StaleSnapshotListenerAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        var crashes = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            onAnalyzerException: (exception, _, _) => { lock (crashes) crashes.Add(exception); },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        return (diagnostics, crashes);
    }
}
