using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>A delivery SNAP002 reports: a value captured under a lock handed to listeners after its release.</summary>
internal sealed class UnlockedDelivery
{
    public UnlockedDelivery(IInvocationOperation call, string capturedName, string lockName)
    {
        Call = call;
        CapturedName = capturedName;
        LockName = lockName;
    }

    public IInvocationOperation Call { get; }

    public string CapturedName { get; }

    public string LockName { get; }

    /// <summary>The whole <c>handler?.Invoke(…)</c>, not just its <c>.Invoke(…)</c> part.</summary>
    public Location Location =>
        Call.Parent is IConditionalAccessOperation conditional ? conditional.Syntax.GetLocation() : Call.Syntax.GetLocation();
}

/// <summary>How one method or constructor body hands values to listeners, relative to its locks.</summary>
internal sealed class BodyDeliveries
{
    public static readonly BodyDeliveries None = new(new List<UnlockedDelivery>(), lockedDeliveryLock: null, deliversOutsideLocks: false);

    public BodyDeliveries(List<UnlockedDelivery> unlocked, string? lockedDeliveryLock, bool deliversOutsideLocks)
    {
        Unlocked = unlocked;
        LockedDeliveryLock = lockedDeliveryLock;
        DeliversOutsideLocks = deliversOutsideLocks;
    }

    /// <summary>What SNAP002 reports in this body.</summary>
    public List<UnlockedDelivery> Unlocked { get; }

    /// <summary>The lock held by the first listener call made while a lock is held, or null when there is none.</summary>
    public string? LockedDeliveryLock { get; }

    /// <summary>A listener is called with some value while no lock is held (reported or not).</summary>
    public bool DeliversOutsideLocks { get; }
}

/// <summary>
/// SNAP002's analysis of one body: lock regions, locals captured under them, and listener calls. Shared with
/// SNAP001, which asks it about the code of the sources it meets.
/// </summary>
internal static class DeliveryScan
{
    public static BodyDeliveries Scan(IOperation body, LockTypes lockTypes)
    {
        var calls = body.Descendants().OfType<IInvocationOperation>().Where(IsListenerCall).ToList();
        if (calls.Count == 0) return BodyDeliveries.None;
        var regions = lockTypes.RegionsIn(body);
        var captured = regions.Count == 0 ? null : CapturedUnderLock(body, regions);
        var derived = captured is null || captured.Count == 0 ? null : DerivedLocals(body, captured);

        var unlocked = new List<UnlockedDelivery>();
        string? lockedDeliveryLock = null;
        var outside = false;
        foreach (var call in calls)
        {
            var position = call.Syntax.SpanStart;
            var holding = regions.FirstOrDefault(r => r.Held.Contains(position));
            if (holding is not null)
            {
                // Delivered while a lock is held: ordered.
                lockedDeliveryLock ??= holding.LockName;
                continue;
            }
            outside = true;
            if (captured is null || derived is null || !IsCapturedDelivery(call, derived)) continue;
            foreach (var argument in call.Arguments)
            {
                var source = FirstDerivedLocal(argument.Value, derived);
                if (source is null) continue;
                var region = captured[derived[source]];
                if (position < region.ReleasedAt) continue;
                unlocked.Add(new UnlockedDelivery(call, derived[source].Name, region.LockName));
                break;
            }
        }
        return new BodyDeliveries(unlocked, lockedDeliveryLock, outside);
    }

    /// <summary>
    /// A call that hands something to a listener: a delegate invocation returning nothing or a task (a listener
    /// or an event raise; a delegate returning a value computes), or a call on a foreach iteration variable.
    /// </summary>
    private static bool IsListenerCall(IInvocationOperation call) =>
        call.Arguments.Length > 0
        && (call.TargetMethod.MethodKind == MethodKind.DelegateInvoke
            ? ReturnsNothing(call.TargetMethod)
            : IsForEachVariable(call.Instance));

    /// <summary>A listener call on a captured delegate, or on a listener object taken from a captured collection.</summary>
    private static bool IsCapturedDelivery(IInvocationOperation call, Dictionary<ILocalSymbol, ILocalSymbol> derived) =>
        call.TargetMethod.MethodKind == MethodKind.DelegateInvoke
        || (call.Instance is ILocalReferenceOperation { Local: var receiver } && derived.ContainsKey(receiver));

    private static bool IsForEachVariable(IOperation? instance) =>
        instance is ILocalReferenceOperation { Local: var local }
        && local.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is ForEachStatementSyntax);

    private static bool ReturnsNothing(IMethodSymbol method) =>
        method.ReturnsVoid
        || method.ReturnType is INamedTypeSymbol { Name: "Task" or "ValueTask", Arity: 0, ContainingNamespace: { Name: "Tasks" } };

    /// <summary>Locals that live past a lock region and are assigned state read under it.</summary>
    private static Dictionary<ILocalSymbol, LockRegion> CapturedUnderLock(IOperation body, List<LockRegion> regions)
    {
        var captured = new Dictionary<ILocalSymbol, LockRegion>((IEqualityComparer<ILocalSymbol>)SymbolEqualityComparer.Default);
        foreach (var operation in body.Descendants())
        {
            if (operation is not ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: var local }, Value: var value }
                || !ReadsState(value))
            {
                continue;
            }
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

    private static ILocalSymbol? FirstDerivedLocal(IOperation value, Dictionary<ILocalSymbol, ILocalSymbol> derived)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference && derived.ContainsKey(reference.Local)) return reference.Local;
        }
        return null;
    }
}
