using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// The delegate a local or readonly field holds when a registration passes it: handlers are kept that way to be
/// removed later. Followed only where one delegate is ever assigned; fields are read once per compilation.
/// </summary>
internal sealed class KeptDelegates
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<IFieldSymbol, IDelegateCreationOperation?> _fieldDelegates = new(SymbolEqualityComparer.Default);

    public KeptDelegates(Compilation compilation) => _compilation = compilation;

    /// <summary>
    /// <c>Action&lt;T&gt; handler = s =&gt; ...;</c>, the usual way to keep a handler to remove later: the delegate a
    /// local is declared with, when nothing else is ever assigned to it.
    /// </summary>
    public static IDelegateCreationOperation? DelegateAt(ILocalReferenceOperation reference, CancellationToken cancellationToken)
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
            ? ListenerBodies.Unwrap(initial, casts: true) as IDelegateCreationOperation
            : null;
    }

    /// <summary>The delegate a readonly field holds where it is read, if known and already set there.</summary>
    public IDelegateCreationOperation? DelegateAt(IFieldReferenceOperation reference, CancellationToken cancellationToken) =>
        reference.Field.IsReadOnly && OnlyDelegateOf(reference.Field, cancellationToken) is { } creation
        && !RegisteredBeforeSet(reference, creation, cancellationToken)
            ? creation
            : null;

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
        return value is null ? null : ListenerBodies.Unwrap(value, casts: true) as IDelegateCreationOperation;
    }
}
