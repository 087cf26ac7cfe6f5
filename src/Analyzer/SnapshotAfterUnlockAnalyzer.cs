using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// SNAP002: in one method, a value captured while a lock is held is handed to listeners after that lock is
/// released (OPA's original bug, at its source).
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
        var body = context.Operation;
        if (context.ContainingSymbol.ContainingType is { } type && SnapshotSource.IsDeclaredOrdered(type)) return;
        var regions = lockTypes.RegionsIn(body);
        if (regions.Count == 0) return;

        var captured = CapturedUnderLock(body, regions);
        if (captured.Count == 0) return;
        var derived = DerivedLocals(body, captured);

        foreach (var operation in body.Descendants())
        {
            if (operation is not IInvocationOperation call || !IsDelivery(call, derived)) continue;
            var position = call.Syntax.SpanStart;
            if (regions.Any(r => r.Held.Contains(position))) continue; // delivered while a lock is held: ordered
            foreach (var argument in call.Arguments)
            {
                var source = FirstDerivedLocal(argument.Value, derived);
                if (source is null) continue;
                var region = captured[derived[source]];
                if (position < region.ReleasedAt) continue;
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SnapshotDeliveredAfterUnlock, DeliveryLocation(call), RootName(source, derived), region.LockName));
                break;
            }
        }
    }

    /// <summary>Locals that live past a lock region and are assigned state read under it.</summary>
    private static Dictionary<ILocalSymbol, LockRegion> CapturedUnderLock(IOperation body, List<LockRegion> regions)
    {
        var captured = new Dictionary<ILocalSymbol, LockRegion>((IEqualityComparer<ILocalSymbol>)SymbolEqualityComparer.Default);
        foreach (var operation in body.Descendants())
        {
            var (local, value) = operation switch
            {
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (target.Local, assignment.Value),
                _ => (null, null),
            };
            if (local is null || value is null || !ReadsState(value)) continue;
            var region = regions.FirstOrDefault(r => r.Held.Contains(operation.Syntax.SpanStart)
                && !local.DeclaringSyntaxReferences.Any(d => r.Held.Contains(d.Span)));
            if (region is not null && !captured.ContainsKey(local)) captured.Add(local, region);
        }
        return captured;
    }

    /// <summary>Reads a field or property of an instance or of this type: state, not a constant or shared empty value.</summary>
    private static bool ReadsState(IOperation value) =>
        value.DescendantsAndSelf().Any(o => o switch
        {
            IFieldReferenceOperation field => !field.Field.IsConst && !(field.Field.IsStatic && field.Field.IsReadOnly),
            IPropertyReferenceOperation property => !property.Property.IsStatic,
            _ => false,
        });

    /// <summary>Each local derived from a captured one, mapped to the captured local it comes from.</summary>
    private static Dictionary<ILocalSymbol, ILocalSymbol> DerivedLocals(IOperation body, Dictionary<ILocalSymbol, LockRegion> captured)
    {
        var derived = captured.Keys.ToDictionary(k => k, k => k, (IEqualityComparer<ILocalSymbol>)SymbolEqualityComparer.Default);
        var operations = body.Descendants().ToList();
        bool grew;
        do
        {
            grew = false;
            foreach (var operation in operations)
            {
                var (local, value) = operation switch
                {
                    IVariableDeclaratorOperation { Initializer.Value: { } v } declarator => (declarator.Symbol, v),
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (target.Local, assignment.Value),
                    IForEachLoopOperation loop when loop.Locals.Length > 0 => (loop.Locals[0], loop.Collection),
                    _ => (null, null),
                };
                if (local is null || value is null || derived.ContainsKey(local)) continue;
                var source = FirstDerivedLocal(value, derived);
                if (source is null) continue;
                derived.Add(local, derived[source]);
                grew = true;
            }
        }
        while (grew);
        return derived;
    }

    /// <summary>
    /// A delegate invocation (listener or event raise), or a call on a listener taken from a captured collection,
    /// whose receiver is not itself the snapshot being passed.
    /// </summary>
    private static bool IsDelivery(IInvocationOperation call, Dictionary<ILocalSymbol, ILocalSymbol> derived)
    {
        // A delegate that returns a value computes something; listeners and event handlers return nothing (or a task).
        if (call.TargetMethod.MethodKind == MethodKind.DelegateInvoke) return ReturnsNothing(call.TargetMethod);
        return call.Instance is ILocalReferenceOperation { Local: var receiver }
            && derived.ContainsKey(receiver)
            && receiver.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.ForEachStatementSyntax);
    }

    /// <summary>The whole <c>handler?.Invoke(…)</c>, not just its <c>.Invoke(…)</c> part.</summary>
    private static Location DeliveryLocation(IInvocationOperation call) =>
        call.Parent is IConditionalAccessOperation conditional ? conditional.Syntax.GetLocation() : call.Syntax.GetLocation();

    private static bool ReturnsNothing(IMethodSymbol method) =>
        method.ReturnsVoid
        || method.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask", Arity: 0, ContainingNamespace: { Name: "Tasks" } };

    private static ILocalSymbol? FirstDerivedLocal(IOperation value, Dictionary<ILocalSymbol, ILocalSymbol> derived)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference && derived.ContainsKey(reference.Local)) return reference.Local;
        }
        return null;
    }

    private static string RootName(ILocalSymbol local, Dictionary<ILocalSymbol, ILocalSymbol> derived) => derived[local].Name;
}
