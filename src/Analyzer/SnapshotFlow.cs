using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// Finds, in a listener body, the stores that outlive the call and whose value comes from the snapshot
/// parameter, directly or through the listener's own locals.
/// </summary>
internal static class SnapshotFlow
{
    public static IOperation? FirstStoreFromSnapshot(IOperation body, IParameterSymbol snapshot, SyntaxNode listener)
    {
        var tainted = TaintedSymbols(body, snapshot, listener);
        foreach (var operation in body.DescendantsAndSelf())
        {
            if (IsStoreFrom(operation, tainted, listener)) return operation;
        }
        return null;
    }

    /// <summary>The snapshot parameter and every local of the listener that holds something derived from it.</summary>
    private static HashSet<ISymbol> TaintedSymbols(IOperation body, IParameterSymbol snapshot, SyntaxNode listener)
    {
        var tainted = new HashSet<ISymbol>(SymbolEqualityComparer.Default) { snapshot };
        var operations = body.DescendantsAndSelf().ToList();
        bool grew;
        do
        {
            grew = false;
            foreach (var operation in operations)
            {
                foreach (var local in LocalsTaintedBy(operation, tainted, listener))
                {
                    grew |= tainted.Add(local);
                }
            }
        }
        while (grew);
        return tainted;
    }

    private static IEnumerable<ISymbol> LocalsTaintedBy(IOperation operation, HashSet<ISymbol> tainted, SyntaxNode listener)
    {
        switch (operation)
        {
            case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when DependsOn(value, tainted):
                yield return declarator.Symbol;
                break;
            case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                when IsDeclaredIn(target.Local, listener) && DependsOn(assignment.Value, tainted):
                yield return target.Local;
                break;
            case IForEachLoopOperation loop when DependsOn(loop.Collection, tainted):
                foreach (var local in loop.Locals) yield return local;
                break;
            case IArgumentOperation { Parameter.RefKind: RefKind.Out, Value: ILocalReferenceOperation outLocal } argument
                when argument.Parent is IInvocationOperation call && CallDependsOn(call, tainted):
                yield return outLocal.Local;
                break;
            case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } declaration
                when declaration.Parent is IArgumentOperation { Parent: IInvocationOperation call } && CallDependsOn(call, tainted):
                yield return declared.Local;
                break;
        }
    }

    private static bool CallDependsOn(IInvocationOperation call, HashSet<ISymbol> tainted) =>
        (call.Instance is not null && DependsOn(call.Instance, tainted))
        || call.Arguments.Any(a => a.Parameter?.RefKind != RefKind.Out && DependsOn(a.Value, tainted));

    private static bool IsStoreFrom(IOperation operation, HashSet<ISymbol> tainted, SyntaxNode listener) => operation switch
    {
        IAssignmentOperation assignment => OutlivesCall(assignment.Target, listener) && DependsOn(assignment.Value, tainted),
        IInvocationOperation call when IsAtomicWrite(call.TargetMethod) =>
            call.Arguments.Length >= 2 && OutlivesCall(call.Arguments[0].Value, listener) && DependsOn(call.Arguments[1].Value, tainted),
        _ => false,
    };

    private static bool IsAtomicWrite(IMethodSymbol method) =>
        method.ContainingType is { Name: "Volatile" or "Interlocked", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } }
        && method.Name is "Write" or "Exchange";

    /// <summary>Whether writing to <paramref name="target"/> keeps the value after the listener returns.</summary>
    private static bool OutlivesCall(IOperation target, SyntaxNode listener) => target switch
    {
        // A member of one of the listener's own locals is treated as dying with it: a miss beats a false alarm.
        IMemberReferenceOperation { Instance: ILocalReferenceOperation owner } => !IsDeclaredIn(owner.Local, listener),
        IFieldReferenceOperation or IPropertyReferenceOperation or IArrayElementReferenceOperation => true,
        ILocalReferenceOperation local => !IsDeclaredIn(local.Local, listener),
        IParameterReferenceOperation parameter => !IsDeclaredIn(parameter.Parameter, listener),
        _ => false,
    };

    /// <summary>Declared inside the listener (nested functions included): dies with the call.</summary>
    private static bool IsDeclaredIn(ISymbol symbol, SyntaxNode listener) =>
        symbol.DeclaringSyntaxReferences.Length > 0
        && symbol.DeclaringSyntaxReferences.All(r => r.SyntaxTree == listener.SyntaxTree && listener.Span.Contains(r.Span));

    private static bool DependsOn(IOperation value, HashSet<ISymbol> tainted)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            var symbol = operation switch
            {
                IParameterReferenceOperation p => (ISymbol)p.Parameter,
                ILocalReferenceOperation l => l.Local,
                _ => null,
            };
            if (symbol is not null && tainted.Contains(symbol)) return true;
        }
        return false;
    }
}
