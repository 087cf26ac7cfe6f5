using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
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
    private readonly KeptDelegates _kept;

    public ListenerBodies(Compilation compilation)
    {
        _compilation = compilation;
        _kept = new KeptDelegates(compilation);
    }

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
        ILocalReferenceOperation local when KeptDelegates.DelegateAt(local, cancellationToken) is { } creation => Of(creation, cancellationToken),
        IFieldReferenceOperation field when _kept.DelegateAt(field, cancellationToken) is { } creation => Of(creation, cancellationToken),
        _ => null,
    };

    private Listener? Of(IDelegateCreationOperation creation, CancellationToken cancellationToken) => creation.Target switch
    {
        IAnonymousFunctionOperation function => new Listener(function.Body, function.Syntax, function.Symbol.Parameters, method: null),
        IMethodReferenceOperation { Method: { IsExtensionMethod: false } method } => OfMethod(method, cancellationToken),
        _ => null,
    };

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
