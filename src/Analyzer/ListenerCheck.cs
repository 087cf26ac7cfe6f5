using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>A listener that stores the snapshot, with what a fix needs to know.</summary>
internal sealed class StoringListener
{
    public StoringListener(IOperation handler, Listener listener, int parameterIndex, ISymbol currentState, ISymbol? snapshotMember)
    {
        Handler = handler;
        Listener = listener;
        ParameterIndex = parameterIndex;
        CurrentState = currentState;
        SnapshotMember = snapshotMember;
    }

    public IOperation Handler { get; }

    public Listener Listener { get; }

    public int ParameterIndex { get; }

    public ISymbol CurrentState { get; }

    /// <summary>The member of the parameter that is the snapshot (an event argument's state), or null.</summary>
    public ISymbol? SnapshotMember { get; }
}

/// <summary>Shared by the listener rules: finds storing listeners and builds their diagnostics.</summary>
internal static class ListenerCheck
{
    /// <summary>Diagnostic property: name of the source member that returns the current state.</summary>
    public const string CurrentStateMemberKey = "CurrentStateMember";

    /// <summary>Diagnostic property: "Method", "Property" or "Field".</summary>
    public const string CurrentStateKindKey = "CurrentStateKind";

    /// <summary>Diagnostic property: index of the snapshot parameter in the listener.</summary>
    public const string ParameterIndexKey = "ParameterIndex";

    /// <summary>
    /// Diagnostic property, "true" when the registration's receiver (written, or the implicit <c>this</c>) exposes
    /// the current-state member as an instance member accessible there: only then is <c>receiver.Member</c> a
    /// correct read of the current state. Whether the listener's shape can be rewritten is the fix's to decide.
    /// </summary>
    public const string ReadOnReceiverKey = "ReadOnReceiver";

    /// <summary>Diagnostic property: the member of the parameter that is the snapshot, for event arguments.</summary>
    public const string SnapshotMemberKey = "SnapshotMember";

    public static StoringListener? FirstStoring(
        SourceMatch match, ListenerBodies bodies, SnapshotFlow flow, CancellationToken cancellationToken)
    {
        foreach (var handler in match.Handlers)
        {
            var listener = bodies.Of(handler, cancellationToken);
            if (listener is null || ListenerBodies.Unwrap(handler).Type is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke }) continue;
            var parameters = invoke.Parameters;
            if (parameters.Length != listener.Parameters.Length) continue;

            for (var index = 0; index < parameters.Length; index++)
            {
                var current = match.CurrentStateFor(parameters[index].Type);
                if (current is null) continue;
                if (flow.FirstStore(listener, new SnapshotSeed(listener.Parameters[index]), current, cancellationToken) is not null)
                {
                    return new StoringListener(handler, listener, index, current, snapshotMember: null);
                }
            }
            if (!match.IsEvent) continue;
            for (var index = 0; index < parameters.Length; index++)
            {
                if (match.PassesItsOwnKind(parameters[index].Type)) continue;
                foreach (var property in StateCarriedBy(parameters[index].Type))
                {
                    var current = match.CurrentStateFor(property.Type);
                    if (current is null) continue;
                    var seed = new SnapshotSeed(listener.Parameters[index], property);
                    if (flow.FirstStore(listener, seed, current, cancellationToken) is not null)
                    {
                        return new StoringListener(handler, listener, index, current, property);
                    }
                }
            }
        }
        return null;
    }

    /// <summary>Properties of an event-argument type that may carry state (not strings, numbers or flags).</summary>
    private static IEnumerable<IPropertySymbol> StateCarriedBy(ITypeSymbol argumentsType)
    {
        if (argumentsType.SpecialType != SpecialType.None || argumentsType.TypeKind is not (TypeKind.Class or TypeKind.Struct)) yield break;
        for (var type = argumentsType; type is not null && type.SpecialType != SpecialType.System_Object; type = type.BaseType)
        {
            foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
            {
                if (property is { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null }
                    && property.Type.SpecialType == SpecialType.None && property.Type.TypeKind != TypeKind.Error)
                {
                    yield return property;
                }
            }
        }
    }

    public static Diagnostic Report(
        DiagnosticDescriptor descriptor, ITypeSymbol sourceType, IOperation? receiver, StoringListener found, IOperation registration,
        string currentStateDisplay, ImmutableDictionary<string, string?>? extraProperties = null)
    {
        var readOnReceiver = !found.CurrentState.IsStatic && ReceiverCanBeReread(registration, receiver)
            && registration.SemanticModel?.IsAccessible(registration.Syntax.SpanStart, found.CurrentState) == true;
        var properties = (extraProperties ?? ImmutableDictionary<string, string?>.Empty)
            .SetItem(CurrentStateMemberKey, found.CurrentState.Name)
            .SetItem(CurrentStateKindKey, found.CurrentState.Kind.ToString())
            .SetItem(ParameterIndexKey, found.ParameterIndex.ToString(CultureInfo.InvariantCulture))
            .SetItem(ReadOnReceiverKey, readOnReceiver ? "true" : "false");
        if (found.SnapshotMember is not null) properties = properties.SetItem(SnapshotMemberKey, found.SnapshotMember.Name);
        return Diagnostic.Create(
            descriptor,
            found.Handler.Syntax.GetLocation(),
            properties,
            sourceType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
            currentStateDisplay);
    }

    public static string Display(ISymbol member) => member is IMethodSymbol ? member.Name + "()" : member.Name;

    /// <summary>
    /// <c>receiver.Register(...)</c> or <c>receiver.Event += ...</c> with the receiver written there, or the same
    /// on the implicit this.
    /// </summary>
    private static bool ReceiverCanBeReread(IOperation registration, IOperation? receiver)
    {
        if (receiver is null) return false;
        var registered = registration.Syntax switch
        {
            InvocationExpressionSyntax invocation => invocation.Expression,
            AssignmentExpressionSyntax subscription => subscription.Left,
            _ => null,
        };
        return registered switch
        {
            MemberAccessExpressionSyntax access => access.Expression == receiver.Syntax,
            SimpleNameSyntax => receiver is IInstanceReferenceOperation { IsImplicit: true },
            _ => false,
        };
    }
}
