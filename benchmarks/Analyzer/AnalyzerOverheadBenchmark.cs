using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleSnapshot.Analyzers.Benchmarks;

/// <summary>
/// Full diagnostics of a generated project (compiler and analyzers) with the StaleSnapshot analyzers against
/// the same run with an analyzer that registers nothing. Each operation analyzes a fresh clone of the
/// compilation, so nothing bound in one run is reused in the next.
/// </summary>
[Config(typeof(ShortConfig))]
public class AnalyzerOverheadBenchmark
{
    // Every analyzer the package ships, so a new rule is measured without anyone remembering to add it.
    private static readonly ImmutableArray<DiagnosticAnalyzer> StaleSnapshotAnalyzers =
    [
        .. typeof(StaleSnapshotListenerAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!),
    ];

    private static readonly ImmutableArray<DiagnosticAnalyzer> EmptyAnalyzers = [new EmptyAnalyzer()];

    private static readonly ImmutableArray<DiagnosticAnalyzer> NoOpNodeAnalyzers = [new NoOpNodeAnalyzer()];

    private static readonly ImmutableArray<DiagnosticAnalyzer> TreeWalkAnalyzers = [new TreeWalkAnalyzer()];

    private CSharpCompilation _project = null!;
    private CSharpCompilation _fresh = null!;

    [Params(100, 1_000, 5_000)]
    public int Files { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _project = GeneratedProject.Create(Files);
        var error = _project.GetDiagnostics().FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error);
        if (error is not null) throw new InvalidOperationException($"generated project does not compile: {error}");
        // Measure real work: the analyzers must find every planted listener and nothing else.
        var found = Analyze(_project).Count();
        var expected = GeneratedProject.ExpectedDiagnostics(Files);
        if (found != expected) throw new InvalidOperationException($"expected {expected} diagnostics, found {found}");
    }

    [IterationSetup]
    public void FreshCompilation() => _fresh = _project.RemoveAllSyntaxTrees().AddSyntaxTrees(_project.SyntaxTrees);

    [Benchmark(Baseline = true)]
    public int EmptyAnalyzer() => Run(_fresh, EmptyAnalyzers).Length;

    [Benchmark]
    public int StaleSnapshot() => Run(_fresh, StaleSnapshotAnalyzers).Length;

    /// <summary>A second reference: what any syntax-node analyzer costs the driver before its callbacks do anything.</summary>
    [Benchmark]
    public int NoOpNodeAnalyzer() => Run(_fresh, NoOpNodeAnalyzers).Length;

    /// <summary>
    /// Time spent inside each StaleSnapshot analyzer's own callbacks during one full analysis of a fresh
    /// compilation, as the compiler's <c>/reportanalyzer</c> counts it: a direct measure, unlike the difference
    /// of two noisy totals, though it leaves out the driver's cost of calling them (and takes in any GC pause
    /// that lands in a callback).
    /// </summary>
    public IReadOnlyList<(string Analyzer, TimeSpan Time)> AnalyzerExecutionTimes()
    {
        FreshCompilation();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        var result = _fresh.WithAnalyzers(StaleSnapshotAnalyzers, options).GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
        return result.AnalyzerTelemetryInfo.Select(pair => (pair.Key.GetType().Name, pair.Value.ExecutionTime)).ToList();
    }

    /// <summary>
    /// Bytes allocated by one full analysis of a fresh compilation with each analyzer set, after one warm-up run
    /// of each. They vary by about 2% between runs of the same work, a few times less than time does here.
    /// </summary>
    public IReadOnlyList<(string Analyzers, long Bytes)> Allocations()
    {
        (string Name, ImmutableArray<DiagnosticAnalyzer> Analyzers)[] sets =
        [
            ("empty analyzer", EmptyAnalyzers),
            ("StaleSnapshot", StaleSnapshotAnalyzers),
            ("no-op node analyzer", NoOpNodeAnalyzers),
            ("tree walk from a semantic-model action", TreeWalkAnalyzers),
        ];
        foreach (var (_, analyzers) in sets)
        {
            FreshCompilation();
            Run(_fresh, analyzers);
        }
        return sets.Select(set =>
        {
            FreshCompilation();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            Run(_fresh, set.Analyzers);
            return (set.Name, GC.GetTotalAllocatedBytes(precise: true) - before);
        }).ToList();
    }

    public static IEnumerable<Diagnostic> Analyze(Compilation project) =>
        Run(project.RemoveAllSyntaxTrees().AddSyntaxTrees(project.SyntaxTrees), StaleSnapshotAnalyzers).Where(d => d.Id.StartsWith("SNAP", StringComparison.Ordinal));

    private static ImmutableArray<Diagnostic> Run(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false);
        return compilation.WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult();
    }
}

/// <summary>The baseline: an analyzer configured like ours that registers no action.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class EmptyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
    }
}

/// <summary>
/// A reference analyzer that reports nothing. The driver skips an analyzer whose diagnostics are all unsupported,
/// so each supports one it never reports.
/// </summary>
internal abstract class ProbeAnalyzer : DiagnosticAnalyzer
{
    protected static readonly DiagnosticDescriptor Never = new(
        "BENCH001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => [Never];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        Register(context);
    }

    protected abstract void Register(AnalysisContext context);
}

/// <summary>
/// An analyzer with one syntax-node action that returns at once, as a build with the SDK's own analyzers already
/// has many: the driver walks every declaration for it, which is the floor for any analyzer of this kind.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NoOpNodeAnalyzer : ProbeAnalyzer
{
    protected override void Register(AnalysisContext context) =>
        context.RegisterSyntaxNodeAction(_ => { }, SyntaxKind.InvocationExpression);
}

/// <summary>
/// What the StaleSnapshot analyzers do before their own checks: walk each bound tree once from a semantic-model
/// action and look at every call's kind.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class TreeWalkAnalyzer : ProbeAnalyzer
{
    protected override void Register(AnalysisContext context) =>
        context.RegisterSemanticModelAction(c =>
        {
            var calls = c.SemanticModel.SyntaxTree.GetRoot(c.CancellationToken).DescendantNodes()
                .Count(node => node.IsKind(SyntaxKind.InvocationExpression));
            if (calls < 0) c.ReportDiagnostic(Diagnostic.Create(Never, Location.None));
        });
}
