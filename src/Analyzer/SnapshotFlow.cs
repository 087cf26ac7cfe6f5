using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>What the listener was passed: a parameter, or one member of it (an event argument's state).</summary>
internal readonly struct SnapshotSeed
{
    public SnapshotSeed(IParameterSymbol parameter, ISymbol? member = null)
    {
        Parameter = parameter;
        Member = member;
    }

    public IParameterSymbol Parameter { get; }

    public ISymbol? Member { get; }
}

/// <summary>
/// Finds, in a listener body, the stores that outlive the call and whose value comes from the snapshot, directly,
/// through the listener's locals, or one call away in a method of the same compilation. A store of anything
/// decided by a condition on the snapshot counts too, unless that condition also reads the current state.
/// One instance per compilation: callee summaries are cached.
/// </summary>
internal sealed class SnapshotFlow
{
    // Instance methods that keep their arguments in the receiver; the receiver must itself outlive the call.
    private static readonly HashSet<string> MutatorNames = new(System.StringComparer.Ordinal)
    {
        "Add", "AddRange", "TryAdd", "AddOrUpdate", "GetOrAdd", "TryUpdate", "Insert", "Enqueue", "Push",
        "Set", "SetValue", "OnNext", "UnionWith",
    };

    private readonly INamedTypeSymbol? _volatile;
    private readonly INamedTypeSymbol? _interlocked;
    private readonly ListenerBodies _bodies;
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Ordinal), bool> _calleeStores = new();

    public SnapshotFlow(Compilation compilation, ListenerBodies bodies)
    {
        _volatile = compilation.GetTypeByMetadataName("System.Threading.Volatile");
        _interlocked = compilation.GetTypeByMetadataName("System.Threading.Interlocked");
        _bodies = bodies;
    }

    /// <summary>The first store of snapshot-derived state in <paramref name="listener"/>, or null.</summary>
    public IOperation? FirstStore(Listener listener, SnapshotSeed seed, ISymbol? currentState, CancellationToken cancellationToken) =>
        FirstStore(listener, seed, currentState, callDepth: 1, cancellationToken);

    private IOperation? FirstStore(Listener listener, SnapshotSeed seed, ISymbol? currentState, int callDepth, CancellationToken cancellationToken)
    {
        var operations = listener.Body.DescendantsAndSelf().ToList();
        var taint = new Taint(seed);
        taint.Spread(operations, listener.Scope);
        foreach (var operation in operations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (IsStore(operation, taint, listener, currentState)) return operation;
            if (callDepth > 0 && operation is IInvocationOperation call
                && CalleeStores(call, taint, listener, callDepth, cancellationToken))
            {
                return operation;
            }
        }
        return null;
    }

    private bool IsStore(IOperation operation, Taint taint, Listener listener, ISymbol? currentState)
    {
        switch (operation)
        {
            // Counters and totals (`+=`, `++`) come out the same in any delivery order: not a stale state.
            case ICompoundAssignmentOperation:
                return false;
            case IAssignmentOperation assignment:
                var targets = assignment.Target is ITupleOperation tuple ? tuple.Elements : ImmutableArray.Create(assignment.Target);
                return targets.Any(target => OutlivesCall(target, listener)
                    && (taint.DependsOn(assignment.Value) || IndexDependsOn(target, taint)
                        || DecidedBySnapshot(operation, assignment.Value, taint, listener, currentState)))
                    && !IsMonotonicUnderLock(assignment, taint, listener, allowCompanion: true);
            case IInvocationOperation call when IsAtomicWrite(call.TargetMethod):
                var location = Argument(call, 0);
                var value = Argument(call, 1);
                return location is not null && value is not null && OutlivesCall(location, listener)
                    && (taint.DependsOn(value) || DecidedBySnapshot(operation, value, taint, listener, currentState));
            case IInvocationOperation { Instance: { } instance } call when MutatorNames.Contains(call.TargetMethod.Name):
                return OutlivesCall(ListenerBodies.Unwrap(instance), listener)
                    && (call.Arguments.Any(a => taint.DependsOn(a.Value)) || DecidedBySnapshot(operation, call, taint, listener, currentState));
            default:
                return false;
        }
    }

    /// <summary>
    /// <c>lock (_gate) { if (s.Version &lt;= _last.Version) return; _last = s; }</c>: the listener drops snapshots older
    /// than the stored one, comparing and storing under one lock of its own, so the stored value converges. Other
    /// stores behind the same check converge with it (<c>_healthy = s.Healthy;</c> next to <c>_last = s;</c>). Without
    /// that lock, or comparing with a member that is not stored that way, two calls can still interleave: reported.
    /// </summary>
    private static bool IsMonotonicUnderLock(IAssignmentOperation store, Taint taint, Listener listener, bool allowCompanion)
    {
        if (store is not ISimpleAssignmentOperation
            || ListenerBodies.Unwrap(store.Target) is not IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } target)
        {
            return false;
        }
        var stored = target.Member.OriginalDefinition;
        // Each condition the store depends on, and whether the store runs when it is true.
        var checks = new List<(IOperation Condition, bool StoreWhenTrue)>();
        IOperation child = store;
        for (var parent = store.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                // A nested function may run after the lock is released.
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IConditionalOperation conditional when child != conditional.Condition:
                    checks.Add((conditional.Condition, child == conditional.WhenTrue));
                    break;
                case IBlockOperation block:
                    checks.AddRange(EarlierExitingGuards(block, child));
                    break;
                case ILockOperation @lock when child == @lock.Body:
                    // A lock only orders the calls when they all take the same object, and only while it is held.
                    if (!IsSharedGateFor(@lock.LockedValue, target) || MayReleaseLock(@lock.Body, @lock.LockedValue)) return false;
                    if (checks.Any(c => KeepsOnlyNewer(c.Condition, c.StoreWhenTrue, taint, stored))) return true;
                    return allowCompanion && HasCompanion(store, checks, taint, listener);
            }
            if (parent == listener.Body) return false;
        }
        return false;
    }

    /// <summary>
    /// Next to <paramref name="store"/>, in the same block with only expression statements between (so one runs
    /// exactly when the other does), the member its checks compare with is stored monotonically.
    /// </summary>
    private static bool HasCompanion(
        IAssignmentOperation store, List<(IOperation Condition, bool StoreWhenTrue)> checks, Taint taint, Listener listener)
    {
        if (store.Parent is not IExpressionStatementOperation { Parent: IBlockOperation block } statement) return false;
        var statements = block.Operations;
        var index = statements.IndexOf(statement);
        foreach (var step in new[] { -1, 1 })
        {
            for (var i = index + step; i >= 0 && i < statements.Length; i += step)
            {
                if (statements[i] is not IExpressionStatementOperation other) break;
                // The full check runs only for a store of a member the checks compare with: usually one statement.
                if (other.Operation is ISimpleAssignmentOperation companion && taint.DependsOn(companion.Value)
                    && ListenerBodies.Unwrap(companion.Target) is IMemberReferenceOperation { Member: { } member }
                    && checks.Any(c => KeepsOnlyNewer(c.Condition, c.StoreWhenTrue, taint, member.OriginalDefinition))
                    && IsMonotonicUnderLock(companion, taint, listener, allowCompanion: false))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static bool MayReleaseLock(IOperation body, IOperation gate) =>
        body.DescendantsAndSelf().OfType<IInvocationOperation>().Any(call => MayRelease(call, gate));

    // Monitor.Wait and Monitor.Exit (or Wait and Exit on the gate itself) let another call in while the body runs;
    // so may a method of the project handed the gate. Pulse, IsEntered and the like do not.
    private static bool MayRelease(IInvocationOperation call, IOperation gate)
    {
        var method = call.TargetMethod;
        if (method.ContainingType is { Name: "Monitor", ContainingNamespace: { Name: "Threading", ContainingNamespace.Name: "System" } })
        {
            return method.Name is "Wait" or "Exit";
        }
        if (call.Instance is { } instance && IsSameGate(instance, gate)) return method.Name is "Wait" or "Exit";
        return ListenerBodies.Unwrap(gate) is IFieldReferenceOperation
            && method.Locations.Any(l => l.IsInSource)
            && call.Arguments.Any(a => IsSameGate(a.Value, gate));
    }

    private static bool IsSameGate(IOperation value, IOperation gate) =>
        (ListenerBodies.Unwrap(value, casts: true), ListenerBodies.Unwrap(gate)) switch
        {
            (IFieldReferenceOperation a, IFieldReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Field, b.Field),
            (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
            (ITypeOfOperation a, ITypeOfOperation b) => SymbolEqualityComparer.Default.Equals(a.TypeOperand, b.TypeOperand),
            _ => false,
        };

    // The stored member must be guarded by a gate at least as shared as itself: a static member by a static one.
    private static bool IsSharedGateFor(IOperation gate, IMemberReferenceOperation stored) =>
        (stored.Member.IsStatic || stored.Instance is IInstanceReferenceOperation)
        && (!stored.Member.IsStatic || IsStaticGate(gate))
        && IsSharedGate(gate);

    private static bool IsStaticGate(IOperation gate) =>
        ListenerBodies.Unwrap(gate) is ITypeOfOperation or IFieldReferenceOperation { Field.IsStatic: true };

    private static bool IsSharedGate(IOperation gate) =>
        ListenerBodies.Unwrap(gate) switch
        {
            // A readonly field of this object or type; one of the snapshot (`s.Gate`) may be new with each call.
            IFieldReferenceOperation field => field.Field.IsReadOnly && (field.Instance is null or IInstanceReferenceOperation),
            IInstanceReferenceOperation or ITypeOfOperation => true,
            _ => false,
        };

    private static IEnumerable<(IOperation, bool)> EarlierExitingGuards(IBlockOperation block, IOperation statement)
    {
        foreach (var earlier in block.Operations)
        {
            if (earlier == statement) yield break;
            if (earlier is not IConditionalOperation guard) continue;
            // if (check) return; stores when the check is false, and the other way round.
            if (Exits(guard.WhenTrue)) yield return (guard.Condition, false);
            else if (Exits(guard.WhenFalse)) yield return (guard.Condition, true);
        }
    }

    /// <summary>
    /// The condition compares the snapshot with the stored member so that the store runs only for a snapshot
    /// greater (newer) than, or equal to, the stored one. Only comparisons reached through <c>&amp;&amp;</c>,
    /// <c>||</c> and <c>!</c> count: those keep the direction readable.
    /// </summary>
    private static bool KeepsOnlyNewer(IOperation condition, bool storeWhenTrue, Taint taint, ISymbol stored) =>
        condition.DescendantsAndSelf().OfType<IBinaryOperation>().Any(comparison =>
        {
            if (comparison.OperatorKind is not (BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual)) return false;
            bool snapshotOnLeft;
            if (taint.DependsOn(comparison.LeftOperand) && ReadsMember(comparison.RightOperand, stored)) snapshotOnLeft = true;
            else if (taint.DependsOn(comparison.RightOperand) && ReadsMember(comparison.LeftOperand, stored)) snapshotOnLeft = false;
            else return false;
            var greater = comparison.OperatorKind is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;
            var newerWhenTrue = greater == snapshotOnLeft;
            return Polarity(comparison, condition) is { } positive && (newerWhenTrue == positive) == storeWhenTrue;
        });

    /// <summary>True when the comparison's value reaches the condition as is, false when negated, null when mixed.</summary>
    private static bool? Polarity(IOperation comparison, IOperation condition)
    {
        var positive = true;
        for (var current = comparison; current != condition; current = current.Parent!)
        {
            switch (current.Parent)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }:
                    positive = !positive;
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }:
                case IParenthesizedOperation:
                case IConversionOperation:
                    break;
                default:
                    return null;
            }
        }
        return positive;
    }

    private static bool ReadsMember(IOperation operation, ISymbol member) =>
        operation.DescendantsAndSelf().OfType<IMemberReferenceOperation>()
            .Any(r => SymbolEqualityComparer.Default.Equals(r.Member.OriginalDefinition, member));

    private static IOperation? Argument(IInvocationOperation call, int ordinal) =>
        call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;

    private bool IsAtomicWrite(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null) return false;
        if (_volatile is not null && SymbolEqualityComparer.Default.Equals(type, _volatile)) return method.Name == "Write";
        return _interlocked is not null && SymbolEqualityComparer.Default.Equals(type, _interlocked)
            && method.Name is "Exchange" or "CompareExchange";
    }

    /// <summary>The listener passes the snapshot to a method of this compilation whose body stores it.</summary>
    private bool CalleeStores(IInvocationOperation call, Taint taint, Listener listener, int callDepth, CancellationToken cancellationToken)
    {
        var target = call.TargetMethod.OriginalDefinition;
        if (SymbolEqualityComparer.Default.Equals(target, listener.Method?.OriginalDefinition)) return false;
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is not { RefKind: RefKind.None or RefKind.In } parameter || !taint.DependsOn(argument.Value)) continue;
            var ordinal = parameter.Ordinal;
            var stores = _calleeStores.GetOrAdd((target, ordinal), key =>
            {
                var callee = _bodies.OfMethod(key.Method, cancellationToken);
                return callee is not null && key.Ordinal < callee.Parameters.Length
                    && FirstStore(callee, new SnapshotSeed(callee.Parameters[key.Ordinal]), currentState: null, callDepth - 1, cancellationToken) is not null;
            });
            if (stores) return true;
        }
        return false;
    }

    /// <summary>Writing to <paramref name="target"/> keeps the value after the listener returns.</summary>
    private static bool OutlivesCall(IOperation target, Listener listener)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                return !IsDeclaredIn(local.Local, listener.Scope);
            case IParameterReferenceOperation parameter:
                return !IsDeclaredIn(parameter.Parameter, listener.Scope);
            case IMemberReferenceOperation { Instance: null }:
                return true;
            // `this.X`, but not `X` in an object initializer: that object decides whether the value outlives the call.
            case IMemberReferenceOperation { Instance: IInstanceReferenceOperation self }:
                return self.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance;
            case IMemberReferenceOperation { Instance: { } owner }:
                // A member of something the listener created (or was passed) dies with it: a miss beats a false alarm.
                return OutlivesCall(ListenerBodies.Unwrap(owner), listener) || owner is not (ILocalReferenceOperation or IParameterReferenceOperation);
            case IArrayElementReferenceOperation element:
                return OutlivesCall(ListenerBodies.Unwrap(element.ArrayReference), listener)
                    || element.ArrayReference is not (ILocalReferenceOperation or IParameterReferenceOperation);
            default:
                return false;
        }
    }

    private static bool IndexDependsOn(IOperation target, Taint taint) => target switch
    {
        IPropertyReferenceOperation property => property.Arguments.Any(a => taint.DependsOn(a.Value)),
        IArrayElementReferenceOperation element => element.Indices.Any(taint.DependsOn),
        _ => false,
    };

    /// <summary>Declared inside the listener (nested functions included): dies with the call.</summary>
    private static bool IsDeclaredIn(ISymbol symbol, SyntaxNode scope) =>
        symbol.DeclaringSyntaxReferences.Length > 0
        && symbol.DeclaringSyntaxReferences.All(r => r.SyntaxTree == scope.SyntaxTree && scope.Span.Contains(r.Span));

    /// <summary>
    /// Whether the store runs only because of a condition on the snapshot (an enclosing <c>if</c>, switch or loop,
    /// or an earlier guard that returns), the condition not comparing it with the current state, and the stored
    /// value not being the current state.
    /// </summary>
    private static bool DecidedBySnapshot(IOperation store, IOperation stored, Taint taint, Listener listener, ISymbol? currentState)
    {
        // Storing the current state is right whatever decided to store it.
        if (ReadsCurrentState(stored, currentState)) return false;
        var child = store;
        for (var parent = store.Parent; parent is not null && child != listener.Body; child = parent, parent = parent.Parent)
        {
            var condition = parent switch
            {
                IConditionalOperation conditional when child != conditional.Condition => conditional.Condition,
                ISwitchOperation @switch when child != @switch.Value => @switch.Value,
                ISwitchExpressionOperation @switch when child != @switch.Value => @switch.Value,
                IWhileLoopOperation loop when child != loop.Condition => loop.Condition,
                IForLoopOperation loop when child != loop.Condition => loop.Condition,
                IForEachLoopOperation loop when child != loop.Collection => loop.Collection,
                _ => null,
            };
            if (condition is not null && IsSnapshotCondition(condition, taint, currentState)) return true;
            if (parent is IBlockOperation block && GuardedEarlier(block, child, taint, currentState)) return true;
        }
        return false;
    }

    private static bool GuardedEarlier(IBlockOperation block, IOperation statement, Taint taint, ISymbol? currentState)
    {
        foreach (var earlier in block.Operations)
        {
            if (earlier == statement) return false;
            if (earlier is IConditionalOperation guard && IsSnapshotCondition(guard.Condition, taint, currentState)
                && (Exits(guard.WhenTrue) || Exits(guard.WhenFalse)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Exits(IOperation? branch) =>
        branch is not null && branch.DescendantsAndSelf().Any(o => o is IReturnOperation or IBranchOperation or IThrowOperation);

    private static bool IsSnapshotCondition(IOperation condition, Taint taint, ISymbol? currentState) =>
        taint.DependsOn(condition) && !ReadsCurrentState(condition, currentState);

    private static bool ReadsCurrentState(IOperation operation, ISymbol? currentState)
    {
        if (currentState is null) return false;
        var definition = currentState.OriginalDefinition;
        return operation.DescendantsAndSelf().Any(o => o switch
        {
            IPropertyReferenceOperation p => SymbolEqualityComparer.Default.Equals(p.Property.OriginalDefinition, definition),
            IInvocationOperation i => SymbolEqualityComparer.Default.Equals(i.TargetMethod.OriginalDefinition, definition),
            IFieldReferenceOperation f => SymbolEqualityComparer.Default.Equals(f.Field.OriginalDefinition, definition),
            _ => false,
        });
    }

    /// <summary>The snapshot and every symbol of the listener that holds something derived from it.</summary>
    private sealed class Taint
    {
        private readonly SnapshotSeed _seed;
        private readonly HashSet<ISymbol> _symbols = new(SymbolEqualityComparer.Default);

        // The event arguments and the locals holding them whole: only their state member is the snapshot.
        private readonly HashSet<ISymbol> _aliases = new(SymbolEqualityComparer.Default);

        public Taint(SnapshotSeed seed)
        {
            _seed = seed;
            _symbols.Add(seed.Parameter);
            if (seed.Member is not null) _aliases.Add(seed.Parameter);
        }

        public void Spread(List<IOperation> operations, SyntaxNode scope)
        {
            bool grew;
            do
            {
                grew = false;
                foreach (var operation in operations)
                {
                    if (_seed.Member is not null)
                    {
                        foreach (var alias in AliasesBy(operation))
                        {
                            grew |= _aliases.Add(alias);
                            grew |= _symbols.Add(alias);
                        }
                    }
                    foreach (var symbol in SymbolsTaintedBy(operation, scope))
                    {
                        grew |= _symbols.Add(symbol);
                    }
                }
            }
            while (grew);
        }

        public bool DependsOn(IOperation value) => Reads(value).Any(IsSnapshotRead);

        // `nameof(s)` is a constant: it names the snapshot without reading it.
        private static IEnumerable<IOperation> Reads(IOperation root)
        {
            var pending = new Stack<IOperation>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                if (operation is INameOfOperation) continue;
                yield return operation;
                foreach (var child in operation.ChildOperations) pending.Push(child);
            }
        }

        private bool IsSnapshotRead(IOperation operation) => operation switch
        {
            IParameterReferenceOperation p when _symbols.Contains(p.Parameter) => !IsOtherMemberOfSeed(p, p.Parameter),
            ILocalReferenceOperation l when _symbols.Contains(l.Local) => !IsOtherMemberOfSeed(l, l.Local),
            _ => false,
        };

        /// <summary>
        /// <c>e.Timestamp</c>, <c>e?.Timestamp</c>, <c>((T)e).Timestamp</c>, <c>e is { Timestamp: ... }</c>, also on a
        /// local holding <c>e</c>, when only <c>e.State</c> is the snapshot.
        /// </summary>
        private bool IsOtherMemberOfSeed(IOperation reference, ISymbol symbol) =>
            _seed.Member is { } member && _aliases.Contains(symbol) && !UseReadsState(reference, member);

        private static bool UseReadsState(IOperation reference, ISymbol member)
        {
            var use = ListenerBodies.Wrapped(reference, casts: true);
            switch (use.Parent)
            {
                case IMemberReferenceOperation access when access.Instance == use:
                    return IsMember(access.Member, member);
                case IConditionalAccessOperation conditional when conditional.Operation == use:
                    // The receiver's placeholder comes first in the accessed chain.
                    var placeholder = conditional.WhenNotNull?.DescendantsAndSelf().OfType<IConditionalAccessInstanceOperation>().FirstOrDefault();
                    return placeholder?.Parent is not IMemberReferenceOperation inner || inner.Instance != placeholder || IsMember(inner.Member, member);
                // A pattern reads the members it names; a designation of the whole value is an alias, judged at its uses.
                case IIsPatternOperation isPattern when isPattern.Value == use:
                    return PatternReads(isPattern.Pattern, member);
                case ISwitchExpressionOperation switchExpression when switchExpression.Value == use:
                    return switchExpression.Arms.Any(a => PatternReads(a.Pattern, member));
                case ISwitchOperation switchStatement when switchStatement.Value == use:
                    return switchStatement.Cases.SelectMany(c => c.Clauses)
                        .Any(c => c is IPatternCaseClauseOperation clause ? PatternReads(clause.Pattern, member) : c is not IDefaultCaseClauseOperation);
                default:
                    return true;
            }
        }

        private static bool PatternReads(IOperation? pattern, ISymbol member) =>
            pattern is not null
            && pattern.DescendantsAndSelf().OfType<IPropertySubpatternOperation>().Any(p => ChainNames(p.Member, member));

        // `{ Status.Ready: true }` names Status too.
        private static bool ChainNames(IOperation? access, ISymbol member)
        {
            for (var depth = 0; access is IMemberReferenceOperation reference && depth < 32; access = reference.Instance, depth++)
            {
                if (IsMember(reference.Member, member)) return true;
            }
            return false;
        }

        private static bool IsMember(ISymbol accessed, ISymbol member)
        {
            var definition = member.OriginalDefinition;
            for (var current = accessed; current is not null; current = (current as IPropertySymbol)?.OverriddenProperty)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition)) return true;
            }
            return false;
        }

        /// <summary>A local that holds the event arguments themselves: <c>var a = e;</c>, <c>e is T a</c>.</summary>
        private IEnumerable<ISymbol> AliasesBy(IOperation operation)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when IsAlias(value):
                    yield return declarator.Symbol;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when IsAlias(assignment.Value):
                    yield return target.Local;
                    break;
                case IIsPatternOperation isPattern when IsAlias(isPattern.Value):
                    foreach (var local in WholeValueLocals(isPattern.Pattern)) yield return local;
                    break;
                case ISwitchExpressionOperation switchExpression when IsAlias(switchExpression.Value):
                    foreach (var local in switchExpression.Arms.SelectMany(a => WholeValueLocals(a.Pattern))) yield return local;
                    break;
                case ISwitchOperation switchStatement when IsAlias(switchStatement.Value):
                    foreach (var local in switchStatement.Cases.SelectMany(c => c.Clauses).OfType<IPatternCaseClauseOperation>()
                        .SelectMany(c => WholeValueLocals(c.Pattern)))
                    {
                        yield return local;
                    }
                    break;
            }
        }

        private bool IsAlias(IOperation value) => ListenerBodies.Unwrap(value, casts: true) switch
        {
            IParameterReferenceOperation p => _aliases.Contains(p.Parameter),
            ILocalReferenceOperation l => _aliases.Contains(l.Local),
            _ => false,
        };

        private static IEnumerable<ISymbol> WholeValueLocals(IOperation? pattern)
        {
            switch (pattern)
            {
                case IDeclarationPatternOperation { DeclaredSymbol: { } declared }:
                    yield return declared;
                    break;
                case IRecursivePatternOperation { DeclaredSymbol: { } declared }:
                    yield return declared;
                    break;
                case IBinaryPatternOperation binary:
                    foreach (var local in WholeValueLocals(binary.LeftPattern).Concat(WholeValueLocals(binary.RightPattern))) yield return local;
                    break;
            }
        }

        private IEnumerable<ISymbol> SymbolsTaintedBy(IOperation operation, SyntaxNode scope)
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when DependsOn(value):
                    yield return declarator.Symbol;
                    break;
                case IDeconstructionAssignmentOperation deconstruction when DependsOn(deconstruction.Value):
                    foreach (var local in deconstruction.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>()) yield return local.Local;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment when DependsOn(assignment.Value):
                    yield return target.Local;
                    break;
                case IForEachLoopOperation loop when DependsOn(loop.Collection):
                    foreach (var local in loop.Locals) yield return local;
                    break;
                case IIsPatternOperation isPattern when DependsOn(isPattern.Value):
                    foreach (var local in PatternLocals(isPattern.Pattern)) yield return local;
                    break;
                case ISwitchExpressionOperation switchExpression when DependsOn(switchExpression.Value):
                    foreach (var arm in switchExpression.Arms)
                    {
                        foreach (var local in PatternLocals(arm.Pattern)) yield return local;
                    }
                    break;
                case ISwitchOperation switchStatement when DependsOn(switchStatement.Value):
                    foreach (var clause in switchStatement.Cases.SelectMany(c => c.Clauses).OfType<IPatternCaseClauseOperation>())
                    {
                        foreach (var local in PatternLocals(clause.Pattern)) yield return local;
                    }
                    break;
                case IInvocationOperation call:
                    foreach (var symbol in SymbolsTaintedByCall(call, scope)) yield return symbol;
                    break;
            }
        }

        private IEnumerable<ISymbol> SymbolsTaintedByCall(IInvocationOperation call, SyntaxNode scope)
        {
            var inputsDepend = (call.Instance is not null && DependsOn(call.Instance))
                || call.Arguments.Any(a => a.Parameter?.RefKind != RefKind.Out && !IsFunction(a.Value) && DependsOn(a.Value));
            if (inputsDepend)
            {
                foreach (var argument in call.Arguments)
                {
                    switch (ListenerBodies.Unwrap(argument.Value))
                    {
                        // Out results of a call on the snapshot.
                        case ILocalReferenceOperation outLocal when argument.Parameter?.RefKind == RefKind.Out:
                            yield return outLocal.Local;
                            break;
                        case IDeclarationExpressionOperation declaration:
                            foreach (var local in declaration.DescendantsAndSelf().OfType<ILocalReferenceOperation>()) yield return local.Local;
                            break;
                        // A lambda applied to the snapshot's elements (LINQ, ForEach): its parameters hold them.
                        case IDelegateCreationOperation { Target: IAnonymousFunctionOperation function }:
                            foreach (var parameter in function.Symbol.Parameters) yield return parameter;
                            break;
                    }
                }
            }
            // A builder or collection of the listener that was handed the snapshot now holds it.
            if (call.Arguments.Any(a => !IsFunction(a.Value) && DependsOn(a.Value))
                && RootOf(call.Instance) is ILocalReferenceOperation owner && IsDeclaredIn(owner.Local, scope))
            {
                yield return owner.Local;
            }
        }

        private static bool IsFunction(IOperation value) =>
            ListenerBodies.Unwrap(value) is IDelegateCreationOperation { Target: IAnonymousFunctionOperation };

        private static IOperation? RootOf(IOperation? instance)
        {
            while (instance is not null)
            {
                instance = ListenerBodies.Unwrap(instance);
                if (instance is IInvocationOperation { Instance: { } inner }) instance = inner;
                else return instance;
            }
            return null;
        }

        private static IEnumerable<ISymbol> PatternLocals(IOperation pattern) =>
            pattern.DescendantsAndSelf().Select(p => p switch
            {
                IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                IListPatternOperation list => list.DeclaredSymbol,
                _ => null,
            }).Where(s => s is not null).Select(s => s!);
    }
}
