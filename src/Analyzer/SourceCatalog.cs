using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// A registration found in code: where the listeners are, which source they listen to and how to read its current
/// state. <see cref="CurrentStateFor"/> answers, for a type a listener receives, the member returning the current
/// value of that type, or null when that type is not the source's state.
/// </summary>
internal sealed class SourceMatch
{
    private readonly SourceCatalog _catalog;
    private readonly ISymbol? _declaredCurrentState;

    public SourceMatch(SourceCatalog catalog, ITypeSymbol sourceType, IOperation? receiver, ISymbol? declaredCurrentState, ImmutableArray<IOperation> handlers, bool isEvent)
    {
        _catalog = catalog;
        SourceType = sourceType;
        Receiver = receiver;
        _declaredCurrentState = declaredCurrentState;
        Handlers = handlers;
        IsEvent = isEvent;
    }

    public ITypeSymbol SourceType { get; }

    /// <summary>The expression the listener was registered on; null for a static registration.</summary>
    public IOperation? Receiver { get; }

    public ImmutableArray<IOperation> Handlers { get; }

    public bool IsEvent { get; }

    /// <summary>Recognised by shape alone: no declaration names its current state.</summary>
    public bool IsShaped => _declaredCurrentState is null;

    /// <summary>A shaped source passing one of its own kind (a node passing a child node): no event arguments.</summary>
    public bool PassesItsOwnKind(ITypeSymbol type) =>
        IsShaped && type.TypeKind != TypeKind.Error && SnapshotSource.IsOwnKind(SourceType, type);

    public ISymbol? CurrentStateFor(ITypeSymbol snapshotType)
    {
        if (snapshotType.SpecialType == SpecialType.System_Object || snapshotType.TypeKind == TypeKind.Error) return null;
        if (_declaredCurrentState is null)
        {
            // Numbers, strings and flags are too common to mark a source by shape alone (List<int>.ForEach, Count).
            return snapshotType.SpecialType == SpecialType.None ? _catalog.ShapedCurrentState(SourceType, snapshotType) : null;
        }
        var stateType = SnapshotSource.CurrentStateType(_declaredCurrentState);
        if (stateType is null) return null;
        return stateType is ITypeParameterSymbol || SnapshotSource.Returns(_catalog.Compilation, stateType, snapshotType)
            ? _declaredCurrentState
            : null;
    }
}

/// <summary>
/// Every source the analyzer knows in one compilation, resolved once: System.Reactive's <c>BehaviorSubject&lt;T&gt;</c>,
/// the registrations named in <see cref="SourceConfiguration.FileName"/>, registrations carrying a
/// <c>[SnapshotSource]</c> attribute, and OPA-shaped types. Each known API is skipped when its types are absent.
/// </summary>
internal sealed class SourceCatalog
{
    public const string SnapshotSourceAttributeName = "SnapshotSourceAttribute";

    private readonly INamedTypeSymbol? _behaviorSubject;
    private readonly INamedTypeSymbol? _optionsMonitor;
    private readonly ImmutableHashSet<IMethodSymbol> _rxSubscribe;
    private readonly ImmutableDictionary<ISymbol, ISymbol> _configured;
    private readonly ConcurrentDictionary<(ITypeSymbol Source, ITypeSymbol Snapshot), ISymbol?> _shaped =
        new(new PairComparer());

    // Names from referenced assemblies and the known APIs, collected up front.
    private readonly ImmutableHashSet<string> _referencedNames;

    // The project's own declarations are asked name by name, for the names its calls use: collecting them all up
    // front would bind every signature of the project in the first callback, before the compiler needs them.
    private readonly ConcurrentDictionary<string, bool> _sourceNames = new(StringComparer.Ordinal);

    private SourceCatalog(Compilation compilation, ImmutableDictionary<ISymbol, ISymbol> configured, CancellationToken cancellationToken)
    {
        Compilation = compilation;
        _behaviorSubject = compilation.GetTypeByMetadataName("System.Reactive.Subjects.BehaviorSubject`1");
        var observableExtensions = _behaviorSubject is null ? null : compilation.GetTypeByMetadataName("System.ObservableExtensions");
        _rxSubscribe = observableExtensions is null
            ? ImmutableHashSet<IMethodSymbol>.Empty
            : observableExtensions.GetMembers("Subscribe").OfType<IMethodSymbol>()
                .Where(m => m.Parameters.Length >= 2 && m.Parameters[1].Name == "onNext")
                .ToImmutableHashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        _optionsMonitor = compilation.GetTypeByMetadataName("Microsoft.Extensions.Options.IOptionsMonitor`1");
        _configured = configured;
        _referencedNames = CollectReferencedNames(cancellationToken);
    }

    /// <summary>
    /// Whether a call or subscribed event with this name can be a registration in this compilation: the name of an
    /// instance method taking a delegate (a static one only with <c>[SnapshotSource]</c>) or of an event, declared in
    /// the project or in the non-framework assemblies it references, or of a known API. Calls with any other name
    /// are skipped before binding anything: most files have none of these.
    /// </summary>
    public bool MayRegister(string name, CancellationToken cancellationToken)
    {
        if (_referencedNames.Contains(name)) return true;
        if (_sourceNames.TryGetValue(name, out var declared)) return declared;
        declared = DeclaredInSource(name, cancellationToken);
        _sourceNames.TryAdd(name, declared);
        return declared;
    }

    private bool DeclaredInSource(string name, CancellationToken cancellationToken) =>
        Compilation.ContainsSymbolsWithName(name, SymbolFilter.Member, cancellationToken)
        && Compilation.GetSymbolsWithName(name, SymbolFilter.Member, cancellationToken).Any(IsRegistrationMember);

    private ImmutableHashSet<string> CollectReferencedNames(CancellationToken cancellationToken)
    {
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var method in _rxSubscribe) names.Add(method.Name);
        foreach (var registration in _configured.Keys) names.Add(registration.Name);
        foreach (var assembly in Compilation.SourceModule.ReferencedAssemblySymbols.Where(a => !IsFramework(a)))
        {
            // A referenced library's symbols are shared by the compilations that follow an edit: read it once.
            names.UnionWith(ReferencedNames.GetValue(assembly, library => NamesDeclaredIn(library, cancellationToken)));
        }
        return names.ToImmutable();
    }

    private static readonly ConditionalWeakTable<IAssemblySymbol, ImmutableHashSet<string>> ReferencedNames = new();

    private static ImmutableHashSet<string> NamesDeclaredIn(IAssemblySymbol assembly, CancellationToken cancellationToken)
    {
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var namespaces = new Stack<INamespaceSymbol>();
        namespaces.Push(assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = namespaces.Pop();
            foreach (var nested in current.GetNamespaceMembers()) namespaces.Push(nested);
            foreach (var type in current.GetTypeMembers()) AddRegistrationNames(type, names);
        }
        return names.ToImmutable();
    }

    private static void AddRegistrationNames(INamedTypeSymbol type, ImmutableHashSet<string>.Builder names)
    {
        foreach (var member in type.GetMembers())
        {
            if (IsRegistrationMember(member)) names.Add(member.Name);
        }
        foreach (var nested in type.GetTypeMembers()) AddRegistrationNames(nested, names);
    }

    // A static method (LINQ-style extensions in a referenced library among them) is a source only when declared:
    // by the attribute here, by the configuration file above.
    private static bool IsRegistrationMember(ISymbol member) => member switch
    {
        IEventSymbol => true,
        IMethodSymbol method => method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Delegate)
            && (!method.IsStatic || HasSnapshotSourceAttribute(method)),
        _ => false,
    };

    private static bool HasSnapshotSourceAttribute(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.Name == SnapshotSourceAttributeName);

    public Compilation Compilation { get; }

    public static SourceCatalog Create(Compilation compilation, AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var configured = ImmutableDictionary.CreateBuilder<ISymbol, ISymbol>(SymbolEqualityComparer.Default);
        foreach (var entry in SourceConfiguration.EntriesOf(options.AdditionalFiles, cancellationToken))
        {
            // An ID this compilation cannot resolve names a library it does not reference: nothing to do.
            var registration = DocumentationCommentId.GetFirstSymbolForDeclarationId(entry.RegistrationId, compilation);
            var current = DocumentationCommentId.GetFirstSymbolForDeclarationId(entry.CurrentStateId, compilation);
            if (registration is IMethodSymbol or IEventSymbol && current is not null && SnapshotSource.CurrentStateType(current) is not null)
            {
                configured[registration.OriginalDefinition] = current;
            }
        }
        return new SourceCatalog(compilation, configured.ToImmutable(), cancellationToken);
    }

    /// <summary>The source a call registers a listener on, or null.</summary>
    public SourceMatch? ForInvocation(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var receiver = method.IsExtensionMethod && call.Instance is null
            ? call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value
            : call.Instance;
        receiver = receiver is null ? null : ListenerBodies.Unwrap(receiver);
        var receiverType = receiver?.Type;
        if (receiverType is { TypeKind: TypeKind.Error }) return null;

        if (_rxSubscribe.Contains(method.OriginalDefinition))
        {
            var subject = receiverType is null ? null : BaseTypesAndSelf(receiverType)
                .FirstOrDefault(t => SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, _behaviorSubject));
            var value = subject?.GetMembers("Value").OfType<IPropertySymbol>().FirstOrDefault();
            if (value is null) return null;
            return new SourceMatch(this, receiverType!, receiver, value, Handlers(call, onlyOrdinal: 1), isEvent: false);
        }

        var sourceType = receiverType ?? method.ContainingType;
        if (sourceType is null) return null;
        var declared = DeclaredCurrentState(method, sourceType);
        if (declared is not null)
        {
            return SnapshotSource.IsDeclaredOrdered(sourceType) ? null : new SourceMatch(this, sourceType, receiver, declared, Handlers(call, onlyOrdinal: null), isEvent: false);
        }
        // An OPA-shaped source: an instance registration method on a type of the user's exposing its current state.
        // (IOptionsMonitor<T> is SNAP003's, BehaviorSubject<T> is known above.)
        if (method.IsStatic || receiverType is null || IsFramework(receiverType) || IsBehaviorSubject(receiverType) || IsOptionsMonitor(receiverType)) return null;
        if (UndoesOrAsks(method.Name)) return null;
        return new SourceMatch(this, receiverType, receiver, declaredCurrentState: null, Handlers(call, onlyOrdinal: null), isEvent: false);
    }

    /// <summary>The source of an event a handler is added to, or null.</summary>
    public SourceMatch? ForEvent(IEventAssignmentOperation assignment)
    {
        if (!assignment.Adds || assignment.EventReference is not IEventReferenceOperation { Event: var @event } reference) return null;
        var receiver = reference.Instance is null ? null : ListenerBodies.Unwrap(reference.Instance);
        var sourceType = receiver?.Type ?? @event.ContainingType;
        if (sourceType is null or { TypeKind: TypeKind.Error } || SnapshotSource.IsDeclaredOrdered(sourceType)) return null;
        var declared = DeclaredCurrentState(@event, sourceType);
        if (declared is null && (@event.IsStatic || receiver is null || IsFramework(sourceType))) return null;
        return new SourceMatch(this, sourceType, receiver, declared, ImmutableArray.Create(assignment.HandlerValue), isEvent: true);
    }

    private bool IsOptionsMonitor(ITypeSymbol type) =>
        _optionsMonitor is not null
        && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _optionsMonitor)
            || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, _optionsMonitor)));

    /// <summary>
    /// .NET's own types (collections, tasks, file watchers) are never sources by shape: the ones that are, are
    /// known by symbol above.
    /// </summary>
    private static bool IsFramework(ITypeSymbol type) => type.ContainingAssembly is { } assembly && IsFramework(assembly);

    private static bool IsFramework(IAssemblySymbol assembly) =>
        assembly.Name is "mscorlib" or "netstandard" or "System"
        || assembly.Name.StartsWith("System.", StringComparison.Ordinal)
        || assembly.Name.StartsWith("Microsoft.", StringComparison.Ordinal);

    private bool IsBehaviorSubject(ITypeSymbol type) =>
        _behaviorSubject is not null
        && BaseTypesAndSelf(type).Any(t => SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, _behaviorSubject));

    public ISymbol? ShapedCurrentState(ITypeSymbol sourceType, ITypeSymbol snapshotType) =>
        _shaped.GetOrAdd((sourceType, snapshotType), key => SnapshotSource.Find(Compilation, key.Source, key.Snapshot)?.CurrentStateMember);

    /// <summary>The current-state member named by the configuration file or a <c>[SnapshotSource]</c> attribute.</summary>
    private ISymbol? DeclaredCurrentState(ISymbol registration, ITypeSymbol sourceType)
    {
        var definition = registration.OriginalDefinition;
        if (_configured.TryGetValue(definition, out var configured)) return OnSource(configured, sourceType);
        foreach (var attribute in definition.GetAttributes())
        {
            if (attribute.AttributeClass?.Name != SnapshotSourceAttributeName) continue;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string name) continue;
            var type = registration.IsStatic ? registration.ContainingType : sourceType;
            var member = MembersNamed(type, name).FirstOrDefault(m => SnapshotSource.CurrentStateType(m) is not null);
            if (member is not null) return member;
        }
        return null;
    }

    /// <summary>The member as seen on the (possibly constructed) source type, so its type is the listener's.</summary>
    private static ISymbol OnSource(ISymbol member, ITypeSymbol sourceType)
    {
        if (member.IsStatic) return member;
        var definition = member.OriginalDefinition;
        return MembersNamed(sourceType, member.Name)
            .FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, definition)) ?? member;
    }

    // RemoveListener(h), Unsubscribe(h), HasListener(h): the shape of a registration, but what is passed is a handler
    // kept to remove or look up, not a listener being added. A prefix counts as a word: `Isolate` is not `Is`.
    private static readonly string[] UndoOrAskPrefixes =
    [
        "Remove", "Unregister", "Unsubscribe", "Deregister", "Detach", "Unlisten", "Unwatch", "Unhook", "Unbind", "Off",
        "Stop", "Cancel", "Has", "Contains", "Is",
    ];

    private static bool UndoesOrAsks(string name) =>
        UndoOrAskPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && (name.Length == prefix.Length || char.IsUpper(name[prefix.Length]) || name[prefix.Length] == '_'));

    private static IEnumerable<ISymbol> MembersNamed(ITypeSymbol type, string name) =>
        BaseTypesAndSelf(type).Concat(type.AllInterfaces).SelectMany(t => t.GetMembers(name));

    private static IEnumerable<ITypeSymbol> BaseTypesAndSelf(ITypeSymbol type)
    {
        for (ITypeSymbol? current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }

    private static ImmutableArray<IOperation> Handlers(IInvocationOperation call, int? onlyOrdinal) =>
        call.Arguments
            .Where(a => (onlyOrdinal is null || a.Parameter?.Ordinal == onlyOrdinal)
                && ListenerBodies.IsDelegateValue(a.Value))
            .Select(a => a.Value)
            .ToImmutableArray();

    private sealed class PairComparer : IEqualityComparer<(ITypeSymbol Source, ITypeSymbol Snapshot)>
    {
        public bool Equals((ITypeSymbol Source, ITypeSymbol Snapshot) x, (ITypeSymbol Source, ITypeSymbol Snapshot) y) =>
            SymbolEqualityComparer.Default.Equals(x.Source, y.Source) && SymbolEqualityComparer.Default.Equals(x.Snapshot, y.Snapshot);

        public int GetHashCode((ITypeSymbol Source, ITypeSymbol Snapshot) pair) =>
            (SymbolEqualityComparer.Default.GetHashCode(pair.Source) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(pair.Snapshot);
    }
}
