using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// Whether a method of this compilation only calls the delegate it is passed, before returning (a visitor such as
/// <c>ForEachNode(Action&lt;Node&gt;)</c>), rather than keeping it to call later (a registration). Asked only for
/// OPA-shaped sources, once a storing listener is found; one answer per method and parameter per compilation.
/// </summary>
internal sealed class DelegateRetention
{
    private const int MaxCallDepth = 3;

    private readonly ListenerBodies _bodies;
    private readonly Lazy<ImmutableArray<INamedTypeSymbol>> _frameworkVisitorTypes;
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Ordinal), bool> _visitors = new();

    public DelegateRetention(Compilation compilation, ListenerBodies bodies)
    {
        _bodies = bodies;
        // Framework code cannot be read, but these types' ForEach and For calls are done with the delegate when they
        // return. Resolved on the first question: most compilations never ask one.
        _frameworkVisitorTypes = new(() => new[]
            {
                "System.Collections.Generic.List`1", "System.Array", "System.Collections.Immutable.ImmutableList`1",
                "System.Threading.Tasks.Parallel",
            }
            .Select(compilation.GetTypeByMetadataName)
            .OfType<INamedTypeSymbol>()
            .ToImmutableArray());
    }

    private enum Use
    {
        // Nothing decided (no use, or a call back into a method being read).
        None,
        Invokes,
        Keeps,
    }

    /// <summary>True only when the code is read and every use of the parameter is a call or a null check.</summary>
    public bool IsVisitor(IMethodSymbol method, int ordinal, CancellationToken cancellationToken) =>
        _visitors.GetOrAdd((method.OriginalDefinition, ordinal), key =>
            UseOf(key.Method, key.Ordinal, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), MaxCallDepth, cancellationToken) == Use.Invokes);

    private Use UseOf(IMethodSymbol method, int ordinal, HashSet<IMethodSymbol> reading, int depth, CancellationToken cancellationToken)
    {
        var definition = method.OriginalDefinition;
        if (IsFrameworkVisitor(definition)) return Use.Invokes;
        // An override elsewhere may keep it; so may code the analyzer cannot read.
        if (depth == 0 || definition.IsVirtual || definition.IsAbstract || (definition.IsOverride && !definition.IsSealed)) return Use.Keeps;
        if (!reading.Add(definition)) return Use.None;
        try
        {
            var body = _bodies.OfMethod(definition, cancellationToken);
            if (body is null || ordinal < 0 || ordinal >= body.Parameters.Length) return Use.Keeps;
            // An async or iterator method runs on after it first returns: its calls may come later.
            // (A partial method is async on its implementing part.)
            if ((definition.PartialImplementationPart ?? definition).IsAsync || IsIterator(body)) return Use.Keeps;
            var parameter = body.Parameters[ordinal];
            var result = Use.None;
            foreach (var reference in body.Body.DescendantsAndSelf().OfType<IParameterReferenceOperation>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter)) continue;
                var use = UseAt(reference, body, reading, depth, cancellationToken);
                if (use == Use.Keeps) return Use.Keeps;
                if (use == Use.Invokes) result = Use.Invokes;
            }
            return result;
        }
        finally
        {
            reading.Remove(definition);
        }
    }

    private static bool IsIterator(Listener body) =>
        body.Body.DescendantsAndSelf().Any(o => o.Kind is OperationKind.YieldReturn or OperationKind.YieldBreak && !InNestedFunction(o, body));

    private static bool InNestedFunction(IOperation operation, Listener body)
    {
        for (var ancestor = operation.Parent; ancestor is not null && ancestor != body.Body; ancestor = ancestor.Parent)
        {
            if (ancestor is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
        }
        return false;
    }

    private bool IsFrameworkVisitor(IMethodSymbol method) =>
        method.Name is "ForEach" or "For"
        && _frameworkVisitorTypes.Value.Contains(method.ContainingType.OriginalDefinition, SymbolEqualityComparer.Default);

    private Use UseAt(IOperation reference, Listener body, HashSet<IMethodSymbol> reading, int depth, CancellationToken cancellationToken)
    {
        // A nested function may run after the method returns.
        if (InNestedFunction(reference, body)) return Use.Keeps;
        var use = ListenerBodies.Wrapped(reference);
        switch (use.Parent)
        {
            case IInvocationOperation call when call.Instance == use && call.TargetMethod.MethodKind == MethodKind.DelegateInvoke:
                return Use.Invokes;
            case IConditionalAccessOperation conditional when conditional.Operation == use:
                return conditional.WhenNotNull is IInvocationOperation { Instance: IConditionalAccessInstanceOperation, TargetMethod.MethodKind: MethodKind.DelegateInvoke }
                    ? Use.Invokes
                    : Use.Keeps;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
            case IIsPatternOperation:
                return Use.None;
            case IArgumentOperation { Parameter: { } passedTo, Parent: IInvocationOperation call }:
                if (passedTo.Name == "argument" && call.TargetMethod is { Name: "ThrowIfNull", ContainingType.Name: "ArgumentNullException" }) return Use.None;
                // Handed on: judged by what the callee does with it; a callee that ignores it proves nothing.
                var callee = UseOf(call.TargetMethod, passedTo.Ordinal, reading, depth - 1, cancellationToken);
                return callee == Use.None && !reading.Contains(call.TargetMethod.OriginalDefinition) ? Use.Keeps : callee;
            default:
                return Use.Keeps;
        }
    }
}
