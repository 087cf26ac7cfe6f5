using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleSnapshot.Analyzers;

/// <summary>SNAP004: a line of the snapshot source configuration file cannot be read; it is ignored.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SourceConfigurationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.MalformedSourceConfiguration);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterAdditionalFileAction(AnalyzeFile);
    }

    private static void AnalyzeFile(AdditionalFileAnalysisContext context)
    {
        var file = context.AdditionalFile;
        if (!SourceConfiguration.IsConfiguration(file)) return;
        var text = file.GetText(context.CancellationToken);
        if (text is null) return;
        foreach (var error in SourceConfiguration.Parse(text).Errors)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MalformedSourceConfiguration,
                Location.Create(file.Path, error.Span, error.LineSpan),
                error.LineNumber,
                System.IO.Path.GetFileName(file.Path),
                error.Reason));
        }
    }
}
