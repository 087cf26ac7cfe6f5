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
            start.RegisterOperationAction(
                operationContext => AnalyzeBody(operationContext, lockTypes),
                OperationKind.MethodBody,
                OperationKind.ConstructorBody);
        });
    }

    private static void AnalyzeBody(OperationAnalysisContext context, LockTypes lockTypes)
    {
        if (context.ContainingSymbol.ContainingType is { } type && SnapshotSource.IsDeclaredOrdered(type)) return;
        foreach (var delivery in DeliveryScan.Scan(context.Operation, lockTypes).Unlocked)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SnapshotDeliveredAfterUnlock, delivery.Location, delivery.CapturedName, delivery.LockName));
        }
    }
}
