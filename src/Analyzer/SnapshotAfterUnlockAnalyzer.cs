using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// SNAP002: in one method, a value captured while a lock is held is handed to listeners after that lock is
/// released (OPA's original bug, at its source). The analysis itself is <see cref="DeliveryScan"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SnapshotAfterUnlockAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SnapshotDeliveredAfterUnlock);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var lockTypes = new LockTypes(start.Compilation);
            // A code block (syntax) action, not an operation action: operation trees are built only for the few
            // blocks that name a lock, not for every method of the project.
            start.RegisterCodeBlockAction(block => AnalyzeBlock(block, lockTypes));
        });
    }

    private static void AnalyzeBlock(CodeBlockAnalysisContext context, LockTypes lockTypes)
    {
        if (!LockTypes.MayLock(context.CodeBlock)) return;
        if (context.OwningSymbol.ContainingType is { } type && SnapshotSource.IsDeclaredOrdered(type)) return;
        var body = context.SemanticModel.GetOperation(context.CodeBlock, context.CancellationToken);
        if (body is null) return;
        foreach (var delivery in DeliveryScan.Scan(body, lockTypes).Unlocked)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SnapshotDeliveredAfterUnlock, delivery.Location, delivery.CapturedName, delivery.LockName));
        }
    }
}
