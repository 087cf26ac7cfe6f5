using System.Linq;
using Microsoft.CodeAnalysis;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// A registration call's source: the type whose listener may receive snapshots out of order, and the member
/// that returns its current state.
/// </summary>
internal sealed class SnapshotSource
{
    public const string OrderedAttributeName = "OrderedSnapshotSourceAttribute";

    private SnapshotSource(ITypeSymbol sourceType, ISymbol currentStateMember)
    {
        SourceType = sourceType;
        CurrentStateMember = currentStateMember;
    }

    public ITypeSymbol SourceType { get; }

    /// <summary>A public parameterless instance method or property returning the current state.</summary>
    public ISymbol CurrentStateMember { get; }

    /// <summary>
    /// Finds an OPA-shaped source: <paramref name="sourceType"/> exposes a public parameterless member returning
    /// <paramref name="snapshotType"/> (the type the listener receives), and is not declared ordered.
    /// </summary>
    public static SnapshotSource? Find(Compilation compilation, ITypeSymbol sourceType, ITypeSymbol snapshotType)
    {
        if (snapshotType.SpecialType == SpecialType.System_Object || snapshotType.TypeKind == TypeKind.Error)
        {
            return null;
        }
        if (IsDeclaredOrdered(sourceType)) return null;
        // A T exposing a T (a node's Parent, Next, Root) links a structure: that member is no current state.
        if (IsOwnKind(sourceType, snapshotType)) return null;

        ISymbol? best = null;
        foreach (var member in MembersOf(sourceType))
        {
            // A shaped source exposes its state through a public getter or method, never a field.
            if (member is IFieldSymbol || member is IPropertySymbol { GetMethod.DeclaredAccessibility: not Accessibility.Public }) continue;
            var returned = CurrentStateType(member);
            if (returned is null || !Returns(compilation, returned, snapshotType)) continue;
            // Prefer the member returning exactly the listener's type; otherwise the first by name, for stable output.
            if (best is null
                || (SymbolEqualityComparer.Default.Equals(returned, snapshotType)
                    && !SymbolEqualityComparer.Default.Equals(CurrentStateType(best), snapshotType)))
            {
                best = member;
            }
        }
        return best is null ? null : new SnapshotSource(sourceType, best);
    }

    public static bool IsDeclaredOrdered(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (HasOrderedAttribute(current) || HasOrderedAttribute(current.OriginalDefinition)) return true;
        }
        return type.AllInterfaces.Any(HasOrderedAttribute);
    }

    private static bool HasOrderedAttribute(ITypeSymbol type) =>
        type.GetAttributes().Any(a => a.AttributeClass?.Name == OrderedAttributeName);

    /// <summary>The type a parameterless method, a property or a field returns; null for anything else.</summary>
    public static ITypeSymbol? CurrentStateType(ISymbol member) => member switch
    {
        IMethodSymbol { MethodKind: MethodKind.Ordinary, Parameters.Length: 0, IsGenericMethod: false, ReturnsVoid: false } m => m.ReturnType,
        IPropertySymbol { IsIndexer: false, GetMethod: not null } p => p.Type,
        IFieldSymbol f => f.Type,
        _ => null,
    };

    /// <summary>
    /// The same type, nullability aside: a source that merely implements or derives from the snapshot's type (a
    /// hub that is also an <c>IState</c>) still has a current state to read.
    /// </summary>
    public static bool IsOwnKind(ITypeSymbol sourceType, ITypeSymbol snapshotType) =>
        SymbolEqualityComparer.Default.Equals(sourceType, snapshotType);

    public static bool Returns(Compilation compilation, ITypeSymbol returned, ITypeSymbol snapshotType)
    {
        if (SymbolEqualityComparer.Default.Equals(returned, snapshotType)) return true;
        if (returned.TypeKind == TypeKind.Error || snapshotType.TypeKind == TypeKind.Error) return false;
        var conversion = compilation.ClassifyCommonConversion(returned, snapshotType);
        return conversion.IsImplicit && (conversion.IsIdentity || conversion.IsReference);
    }

    private static System.Collections.Generic.IEnumerable<ISymbol> MembersOf(ITypeSymbol type)
    {
        var types = type.TypeKind == TypeKind.Interface
            ? new[] { type }.Concat(type.AllInterfaces)
            : BaseTypesAndSelf(type);
        return types
            .SelectMany(t => t.GetMembers())
            .Where(m => !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public)
            .OrderBy(m => m.Name, System.StringComparer.Ordinal);
    }

    private static System.Collections.Generic.IEnumerable<ITypeSymbol> BaseTypesAndSelf(ITypeSymbol type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            yield return current;
        }
    }
}
