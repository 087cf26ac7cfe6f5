using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using StaleSnapshot.Runtime;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>Analyzer and code fix verification against .NET 10 reference assemblies, with nothing downloaded.</summary>
internal static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic() => new DiagnosticResult(new TAnalyzer().SupportedDiagnostics[0]);

    /// <summary>The rule's first (default) message; a rule may have more.</summary>
    public static DiagnosticResult Diagnostic(string id) =>
        new(new TAnalyzer().SupportedDiagnostics.First(d => d.Id == id));

    public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        Configure(test.TestState);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs one shared test input, expecting its marked diagnostic only when <paramref name="expectMarked"/>.</summary>
    public static Task CaseAsync(AnalyzerCase testCase, bool expectMarked, params DiagnosticResult[] extra)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = expectMarked ? testCase.Code : testCase.PlainCode };
        Configure(test.TestState);
        if (testCase.Executable) test.TestState.OutputKind = OutputKind.ConsoleApplication;
        if (testCase.Configuration is { } configuration)
        {
            test.TestState.AdditionalFiles.Add((SourceConfiguration.FileName, configuration));
        }
        if (expectMarked)
        {
            var expected = (testCase.Descriptor is { } descriptor ? new DiagnosticResult(descriptor) : Diagnostic(testCase.Rule!)).WithLocation(0);
            if (testCase.Code.Contains("{|#1:", StringComparison.Ordinal)) expected = expected.WithLocation(1);
            test.ExpectedDiagnostics.Add(expected.WithArguments(testCase.Arguments!));
        }
        test.ExpectedDiagnostics.AddRange(extra);
        return test.RunAsync();
    }

    public static Task CodeFixAsync<TCodeFix>(string source, string fixedSource, params DiagnosticResult[] expected)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = NewCodeFixTest<TCodeFix>(source, fixedSource, expected);
        return test.RunAsync();
    }

    public static CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> NewCodeFixTest<TCodeFix>(
        string source, string fixedSource, params DiagnosticResult[] expected)
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
        };
        Configure(test.TestState);
        Configure(test.FixedState);
        test.ExpectedDiagnostics.AddRange(expected);
        return test;
    }

    private static void Configure(SolutionState state)
    {
        state.ReferenceAssemblies = References.Net100;
        state.AdditionalReferences.AddRange(References.All);
    }
}

internal static class StrictCodeAction
{
    /// <summary>Applies the second code action (read and store under a lock) instead of the first.</summary>
    public static TTest UnderLock<TTest>(this TTest test)
        where TTest : CodeFixTest<DefaultVerifier>
    {
        test.CodeActionEquivalenceKey = StaleSnapshot.CodeFixes.ReadCurrentStateCodeFixProvider.ReadCurrentStateUnderLockKey;
        test.CodeActionIndex = 1;
        return test;
    }
}

internal static class OfferedCodeActions
{
    /// <summary>The equivalence keys of the code actions the provider offers for each SNAP001/SNAP003 diagnostic in the sources.</summary>
    public static async Task<List<string?>> KeysAsync(OutputKind outputKind, params string[] sources)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Offered", "Offered", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(outputKind), metadataReferences: References.All));
        var documents = sources.Select((source, i) => workspace.AddDocument(project.Id, $"Source{i}.cs", SourceText.From(source))).ToList();
        var compilation = (await workspace.CurrentSolution.GetProject(project.Id)!.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation.WithAnalyzers([new StaleSnapshotListenerAnalyzer(), new OptionsMonitorListenerAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.NotEmpty(diagnostics);
        var provider = new StaleSnapshot.CodeFixes.ReadCurrentStateCodeFixProvider();
        var keys = new List<string?>();
        foreach (var diagnostic in diagnostics)
        {
            var document = workspace.CurrentSolution.GetDocument(diagnostic.Location.SourceTree)!;
            await provider.RegisterCodeFixesAsync(new CodeFixContext(
                document, diagnostic, (action, _) => keys.Add(action.EquivalenceKey), CancellationToken.None));
        }
        return keys;
    }
}

internal static class References
{
    /// <summary>A package-less target: the references come from Basic.Reference.Assemblies instead.</summary>
    public static ReferenceAssemblies Net100 { get; } = new("net10.0");

    public static IReadOnlyList<MetadataReference> All { get; } =
        [
            .. Basic.Reference.Assemblies.Net100.References.All,
            MetadataReference.CreateFromFile(typeof(PluginManager).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Options.IOptionsMonitor<>).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.Primitives.IChangeToken).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(System.Reactive.Subjects.BehaviorSubject<>).Assembly.Location),
        ];
}
