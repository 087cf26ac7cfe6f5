using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>The code that runs when a source notifies: a lambda, anonymous method, method or local function.</summary>
internal sealed class Listener
{
    public Listener(IOperation body, SyntaxNode scope, ImmutableArray<IParameterSymbol> parameters, IMethodSymbol? method)
    {
        Body = body;
        Scope = scope;
        Parameters = parameters;
        Method = method;
    }

    public IOperation Body { get; }

    /// <summary>The declaration: whatever is declared inside dies with the call.</summary>
    public SyntaxNode Scope { get; }

    public ImmutableArray<IParameterSymbol> Parameters { get; }

    /// <summary>The named method or local function; null for an anonymous function.</summary>
    public IMethodSymbol? Method { get; }

    public bool IsAnonymousFunction => Method is null;
}

/// <summary>Finds listener bodies, reading methods declared in other files at most once per compilation.</summary>
internal sealed class ListenerBodies
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IMethodSymbol, Listener?> _methods = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IFieldSymbol, IDelegateCreationOperation?> _fieldDelegates = new(SymbolEqualityComparer.Default);

    public ListenerBodies(Compilation compilation) => _compilation = compilation;

    /// <summary>A delegate created where it is passed, or a local that may hold one: what a registration can take.</summary>
    public static bool IsDelegateValue(IOperation value) => Unwrap(value) switch
    {
        IDelegateCreationOperation => true,
        ILocalReferenceOperation { Local: { IsRef: false, Type.TypeKind: TypeKind.Delegate } } => true,
        IFieldReferenceOperation { Field: { IsReadOnly: true, Type.TypeKind: TypeKind.Delegate } } => true,
        _ => false,
    };

    /// <summary>The listener a delegate value runs, when its code is in this compilation.</summary>
    public Listener? Of(IOperation handler, CancellationToken cancellationToken) => Unwrap(handler) switch
    {
        IDelegateCreationOperation creation => Of(creation, cancellationToken),
        ILocalReferenceOperation local when OnlyDelegateOf(local, cancellationToken) is { } creation => Of(creation, cancellationToken),
        IFieldReferenceOperation { Field.IsReadOnly: true } field when OnlyDelegateOf(field.Field, cancellationToken) is { } creation
            && !RegisteredBeforeSet(field, creation, cancellationToken) => Of(creation, cancellationToken),
        _ => null,
    };

    private Listener? Of(IDelegateCreationOperation creation, CancellationToken cancellationToken) => creation.Target switch
    {
        IAnonymousFunctionOperation function => new Listener(function.Body, function.Syntax, function.Symbol.Parameters, method: null),
        IMethodReferenceOperation { Method: { IsExtensionMethod: false } method } => OfMethod(method, cancellationToken),
        _ => null,
    };

    /// <summary>
    /// <c>Action&lt;T&gt; handler = s =&gt; ...;</c>, the usual way to keep a handler to remove later: the delegate a
    /// local is declared with, when nothing else is ever assigned to it.
    /// </summary>
    private static IDelegateCreationOperation? OnlyDelegateOf(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsRef || reference.SemanticModel is not { } model || local.DeclaringSyntaxReferences.Length != 1) return null;
        if (local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: not null } declarator
            || declarator.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }
        var scope = EnclosingMember(declarator);
        if (scope is null || Writes.AnyIn(scope, local, model, cancellationToken)) return null;
        return model.GetOperation(declarator, cancellationToken) is IVariableDeclaratorOperation { Initializer.Value: { } initial }
            ? Unwrap(initial, casts: true) as IDelegateCreationOperation
            : null;
    }

    // `source.Changed += _onChanged;` while the field is still null adds nothing: in the setting constructor before
    // the set, or in a constructor of the same object whose `this(...)` chain never reaches the setting one.
    private bool RegisteredBeforeSet(IFieldReferenceOperation reference, IOperation delegateCreation, CancellationToken cancellationToken)
    {
        if (EnclosingMember(delegateCreation.Syntax) is not ConstructorDeclarationSyntax setter) return false;
        // On another object, or in a nested function that may run later, the field may well be set by then.
        if (!reference.Field.IsStatic && reference.Instance is not IInstanceReferenceOperation) return false;
        if (reference.Syntax.Ancestors().TakeWhile(n => n is not MemberDeclarationSyntax)
            .Any(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
        {
            return false;
        }
        if (EnclosingMember(reference.Syntax) is not ConstructorDeclarationSyntax registeredIn
            || registeredIn.Modifiers.Any(SyntaxKind.StaticKeyword) != setter.Modifiers.Any(SyntaxKind.StaticKeyword)
            || reference.SemanticModel?.GetDeclaredSymbol(registeredIn, cancellationToken) is not { } constructor
            || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType.OriginalDefinition, reference.Field.ContainingType.OriginalDefinition))
        {
            return false;
        }
        if (registeredIn == setter) return reference.Syntax.SpanStart < delegateCreation.Syntax.SpanStart;
        // A cycle of this(...) calls does not compile, but must not hang the analyzer: the chain is followed a few steps.
        var current = registeredIn;
        for (var step = 0; step < 16; step++)
        {
            if (current.Initializer is not { } chained || !chained.IsKind(SyntaxKind.ThisConstructorInitializer)) return true;
#pragma warning disable RS1030 // The chained constructor may be in another part of the type; asked only for such registrations.
            var model = _compilation.GetSemanticModel(chained.SyntaxTree);
#pragma warning restore RS1030
            if (model.GetSymbolInfo(chained, cancellationToken).Symbol is not IMethodSymbol target
                || target.DeclaringSyntaxReferences.Length != 1
                || target.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax next
                || next == setter)
            {
                return false;
            }
            current = next;
        }
        return false;
    }

    // Top-level statements are each a member of their own, but share their locals: the file is their scope.
    private static SyntaxNode? EnclosingMember(SyntaxNode node) =>
        node.Ancestors().FirstOrDefault(n => n is MemberDeclarationSyntax and not GlobalStatementSyntax or CompilationUnitSyntax);

    /// <summary>
    /// <c>_onChanged = (s, e) =&gt; ...;</c> in the constructor, kept to remove in <c>Dispose</c>: the delegate a
    /// readonly field is given by its one write (its initializer or one assignment in its type's code).
    /// </summary>
    private IDelegateCreationOperation? OnlyDelegateOf(IFieldSymbol field, CancellationToken cancellationToken) =>
        _fieldDelegates.GetOrAdd(field.OriginalDefinition, f => ReadOnlyDelegateOf(f, cancellationToken));

    private IDelegateCreationOperation? ReadOnlyDelegateOf(IFieldSymbol field, CancellationToken cancellationToken)
    {
        SyntaxNode? write = null;
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: not null } declarator) write = declarator;
        }
        foreach (var part in field.ContainingType.DeclaringSyntaxReferences)
        {
            var type = part.GetSyntax(cancellationToken);
            if (!_compilation.ContainsSyntaxTree(type.SyntaxTree)) return null;
            foreach (var name in type.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != field.Name || !Writes.IsWritten(name)) continue;
                // Written twice (two constructors, or an initializer and a constructor): which one is registered depends.
                if (write is not null) return null;
                write = name;
            }
        }
        if (write is null) return null;
#pragma warning disable RS1030 // The field's type may be declared in another file; read once per field and compilation.
        var model = _compilation.GetSemanticModel(write.SyntaxTree);
#pragma warning restore RS1030
        var value = write switch
        {
            VariableDeclaratorSyntax declarator => (model.GetOperation(declarator.Initializer!, cancellationToken) as IFieldInitializerOperation)?.Value,
            _ => write.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment
                && model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } store
                && SymbolEqualityComparer.Default.Equals(target.Field.OriginalDefinition, field)
                    ? store.Value
                    : null,
        };
        return value is null ? null : Unwrap(value, casts: true) as IDelegateCreationOperation;
    }

    /// <summary>The value inside parentheses and implicit conversions (explicit casts too, when asked).</summary>
    public static IOperation Unwrap(IOperation operation, bool casts = false)
    {
        while (IsWrapper(operation, casts))
        {
            operation = operation is IConversionOperation conversion
                ? conversion.Operand
                : ((IParenthesizedOperation)operation).Operand;
        }
        return operation;
    }

    /// <summary>The outermost operation holding this same value: <see cref="Unwrap"/> the other way.</summary>
    public static IOperation Wrapped(IOperation operation, bool casts = false)
    {
        while (operation.Parent is { } parent && IsWrapper(parent, casts)) operation = parent;
        return operation;
    }

    private static bool IsWrapper(IOperation operation, bool casts) =>
        operation is IParenthesizedOperation || operation is IConversionOperation conversion && (casts || conversion.IsImplicit);

    /// <summary>The body of a method or local function declared in source, or null.</summary>
    public Listener? OfMethod(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var definition = method.OriginalDefinition;
        definition = definition.PartialImplementationPart ?? definition;
        if (definition.IsAbstract || definition.IsExtern || definition.DeclaringSyntaxReferences.Length == 0) return null;
        return _methods.GetOrAdd(definition, d => Read(d, cancellationToken));
    }

    private Listener? Read(IMethodSymbol method, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(cancellationToken);
            if (node is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax)) continue;
            if (!_compilation.ContainsSyntaxTree(node.SyntaxTree)) continue;
            // The method may live in another file than the registration; its semantic model is only read here,
            // once per method and compilation (cached above).
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
            var model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
            IOperation? body = model.GetOperation(node, cancellationToken) switch
            {
                IMethodBodyOperation methodBody => (IOperation?)methodBody.BlockBody ?? methodBody.ExpressionBody,
                ILocalFunctionOperation localFunction => (IOperation?)localFunction.Body ?? localFunction.IgnoredBody,
                _ => null,
            };
            if (body is not null) return new Listener(body, node, method.Parameters, method);
        }
        return null;
    }
}
