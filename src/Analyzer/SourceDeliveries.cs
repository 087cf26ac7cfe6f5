using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace StaleSnapshot.Analyzers;

/// <summary>What a source's own code says about the order it delivers in.</summary>
internal enum DeliveryOrder
{
    /// <summary>Nothing conclusive: SNAP001 reports as usual.</summary>
    Unknown,

    /// <summary>Every listener call is made under a lock, or the type delivers through an ordering engine.</summary>
    Ordered,

    /// <summary>SNAP002 reports a delivery after unlocking: the out-of-order delivery is in the source's code.</summary>
    Unordered,
}

/// <summary>The verdict on one source type, with the SNAP002 delivery that confirms an unordered one.</summary>
internal sealed class SourceVerdict
{
    public static readonly SourceVerdict Unknown = new(DeliveryOrder.Unknown, null, null);

    public SourceVerdict(DeliveryOrder order, UnlockedDelivery? confirmedBy, string? methodName)
    {
        Order = order;
        ConfirmedBy = confirmedBy;
        MethodName = methodName;
    }

    public DeliveryOrder Order { get; }

    public UnlockedDelivery? ConfirmedBy { get; }

    /// <summary>The method that delivers after unlocking.</summary>
    public string? MethodName { get; }
}

/// <summary>
/// Runs SNAP002's analysis over the methods of source types declared in this compilation, each type at most once
/// per compilation (SNAP001 asks only when it has found a storing listener on the type).
/// </summary>
internal sealed class SourceDeliveries
{
    private readonly Compilation _compilation;
    private readonly LockTypes _lockTypes;
    private readonly ConcurrentDictionary<INamedTypeSymbol, Lazy<TypeDeliveries>> _types = new(SymbolEqualityComparer.Default);

    public SourceDeliveries(Compilation compilation)
    {
        _compilation = compilation;
        _lockTypes = new LockTypes(compilation);
    }

    /// <summary>The verdict on <paramref name="sourceType"/> and its base classes declared in this compilation.</summary>
    public SourceVerdict Of(ITypeSymbol sourceType, CancellationToken cancellationToken)
    {
        var facts = new List<TypeDeliveries>();
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        // The seen set stops at a cycle, which code being typed can declare.
        for (var type = sourceType as INamedTypeSymbol; type is not null && IsInSource(type) && seen.Add(type.OriginalDefinition); type = type.BaseType)
        {
            facts.Add(For(type.OriginalDefinition, cancellationToken));
        }
        if (facts.Count == 0) return SourceVerdict.Unknown;

        var unordered = facts.FirstOrDefault(f => f.Unlocked is not null);
        if (unordered is not null) return new SourceVerdict(DeliveryOrder.Unordered, unordered.Unlocked, unordered.UnlockedIn);
        // A listener call outside every lock that SNAP002 cannot judge (a parameter passed on, say): no verdict.
        if (facts.Any(f => f.DeliversOutsideLocks)) return SourceVerdict.Unknown;
        return facts.Any(f => f.DeliversUnderLock || f.HasOrderingEngine)
            ? new SourceVerdict(DeliveryOrder.Ordered, null, null)
            : SourceVerdict.Unknown;
    }

    private bool IsInSource(INamedTypeSymbol type) =>
        type.TypeKind is TypeKind.Class or TypeKind.Struct
        && type.DeclaringSyntaxReferences.Any(r => _compilation.ContainsSyntaxTree(r.SyntaxTree));

    private TypeDeliveries For(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = _types.GetOrAdd(type, t => new Lazy<TypeDeliveries>(() => Read(t, cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication));
            try
            {
                return lazy.Value;
            }
            catch (OperationCanceledException)
            {
                // The read was cancelled by whichever request started it: forget it, and read again unless this
                // request is the cancelled one.
                ((ICollection<KeyValuePair<INamedTypeSymbol, Lazy<TypeDeliveries>>>)_types).Remove(new(type, lazy));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
    }

    private TypeDeliveries Read(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var facts = new TypeDeliveries
        {
            // A field or property of an ordering engine (OrderedNotifier<T>, PluginManager, any [OrderedSnapshotSource] type).
            HasOrderingEngine = type.GetMembers().Any(m => !m.IsStatic && m switch
            {
                IFieldSymbol field => SnapshotSource.IsDeclaredOrdered(field.Type),
                IPropertySymbol property => SnapshotSource.IsDeclaredOrdered(property.Type),
                _ => false,
            }),
        };
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            var implementation = method.PartialImplementationPart ?? method;
            if (implementation.IsImplicitlyDeclared) continue;
            foreach (var reference in implementation.DeclaringSyntaxReferences)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!_compilation.ContainsSyntaxTree(reference.SyntaxTree)) continue;
                // Another file's model, read once per type and compilation (cached above), only for a source
                // that already has a storing listener.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
                var model = _compilation.GetSemanticModel(reference.SyntaxTree);
#pragma warning restore RS1030
                var body = model.GetOperation(reference.GetSyntax(cancellationToken), cancellationToken);
                if (body is null) continue;
                var deliveries = DeliveryScan.Scan(body, _lockTypes);
                if (facts.Unlocked is null && deliveries.Unlocked.Count > 0)
                {
                    facts.Unlocked = deliveries.Unlocked[0];
                    facts.UnlockedIn = implementation.Name;
                }
                facts.DeliversUnderLock |= deliveries.LockedDeliveryLock is not null;
                facts.DeliversOutsideLocks |= deliveries.DeliversOutsideLocks;
            }
        }
        return facts;
    }

    /// <summary>What one type's own methods do (base classes are read separately).</summary>
    private sealed class TypeDeliveries
    {
        public UnlockedDelivery? Unlocked { get; set; }

        public string? UnlockedIn { get; set; }

        public bool DeliversUnderLock { get; set; }

        public bool DeliversOutsideLocks { get; set; }

        public bool HasOrderingEngine { get; set; }
    }
}
