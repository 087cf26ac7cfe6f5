using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// SNAP001: a listener registered on a source that may deliver snapshots out of order stores state derived
/// from the snapshot it was passed.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaleSnapshotListenerAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: name of the source member that returns the current state.</summary>
    public const string CurrentStateMemberKey = "CurrentStateMember";

    /// <summary>Diagnostic property: "Method" or "Property".</summary>
    public const string CurrentStateKindKey = "CurrentStateKind";

    /// <summary>Diagnostic property: index of the snapshot parameter in the listener.</summary>
    public const string ParameterIndexKey = "ParameterIndex";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.StaleSnapshotListener);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var registration = invocation.TargetMethod;
        if (registration.IsStatic) return;
        var sourceType = invocation.Instance?.Type ?? registration.ContainingType;
        if (sourceType is null || sourceType.TypeKind == TypeKind.Error) return;

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation function }) continue;
            var parameters = function.Symbol.Parameters;
            for (var index = 0; index < parameters.Length; index++)
            {
                var snapshot = parameters[index];
                var source = SnapshotSource.Find(context.Compilation, sourceType, registration, snapshot.Type);
                if (source is null) continue;
                if (SnapshotFlow.FirstStoreFromSnapshot(function.Body, snapshot, function.Syntax) is null) continue;

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.StaleSnapshotListener,
                    argument.Value.Syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty
                        .Add(CurrentStateMemberKey, source.CurrentStateMember.Name)
                        .Add(CurrentStateKindKey, source.CurrentStateMember.Kind.ToString())
                        .Add(ParameterIndexKey, index.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    sourceType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    CurrentStateDisplay(source.CurrentStateMember)));
                return;
            }
        }
    }

    private static string CurrentStateDisplay(ISymbol member) =>
        member is IMethodSymbol ? member.Name + "()" : member.Name;
}
