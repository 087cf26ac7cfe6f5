using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using StaleSnapshot.Analyzers;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleSnapshot.CodeFixes;

/// <summary>
/// The rewrite of a lambda or anonymous method: the snapshot parameter (or the event-arguments member that carried
/// the state) is replaced by the read, once at the top when used more than once, at each use in an async listener.
/// </summary>
internal sealed class FunctionRewrite : ListenerRewrite
{
    private readonly AnonymousFunctionExpressionSyntax _listener;
    private readonly IMethodSymbol _function;
    private readonly ExpressionSyntax _read;
    private readonly IReadOnlyList<ExpressionSyntax> _references;
    private readonly LocalDeclarationStatementSyntax _declaration;
    private readonly bool _discardParameter;

    private FunctionRewrite(
        Registration registration, AnonymousFunctionExpressionSyntax listener, IMethodSymbol function, ExpressionSyntax read,
        IReadOnlyList<ExpressionSyntax> references, LocalDeclarationStatementSyntax declaration, bool discardParameter, SyntaxTrivia newLine)
        : base(registration, newLine)
    {
        _listener = listener;
        _function = function;
        _read = read;
        _references = references;
        _declaration = declaration;
        _discardParameter = discardParameter;
    }

    public override string CurrentStateText => _read.ToString();

    public override bool IsInStaticContext =>
        _listener.Modifiers.Any(SyntaxKind.StaticKeyword) || RunsWithoutInstance(_function.ContainingSymbol);

    public override ExpressionSyntax ReadCurrentState()
    {
        AnonymousFunctionExpressionSyntax rewritten;
        if (IsAsync)
        {
            rewritten = _listener.ReplaceNodes(_references, (original, _) => _read.WithTriviaFrom(original));
        }
        else if (CanInline)
        {
            rewritten = Inlined();
        }
        else
        {
            var usingLocal = UsingLocal();
            rewritten = usingLocal.Block is { } block
                ? WithBlockBody(usingLocal, block.WithStatements(block.Statements.Insert(0, _declaration)))
                : WithBlockBody(usingLocal, NewBlock(_declaration, StatementFor(usingLocal.ExpressionBody!)));
        }
        return Finish(rewritten);
    }

    public override ExpressionSyntax ReadCurrentStateUnderLock(ExpressionSyntax gate)
    {
        StatementSyntax[] guarded;
        if (CanInline)
        {
            guarded = new[] { StatementFor(Inlined().ExpressionBody!) };
        }
        else
        {
            var usingLocal = UsingLocal();
            var original = usingLocal.Block is { } block
                ? block.Statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation))
                : new[] { StatementFor(usingLocal.ExpressionBody!) };
            guarded = new StatementSyntax[] { _declaration }.Concat(original).ToArray();
        }
        var lockStatement = LockOn(gate, NewBlock(guarded));
        var body = _listener.Block is { } outer
            ? outer.WithStatements(SingletonList<StatementSyntax>(lockStatement))
            : NewBlock(lockStatement);
        return Finish(WithBlockBody(_listener, body));
    }

    public override bool IsAsync => _listener.AsyncKeyword != default;

    private bool CanInline =>
        _listener.ExpressionBody is not null && _references.Count == 1 && !Writes.IsWritten(_references[0])
        && !InsideNestedFunction(_references[0], _listener);

    /// <summary>
    /// The listener with its snapshot uses reading the declared local: the parameter keeps its name as the local's,
    /// an event-arguments member becomes the local's name.
    /// </summary>
    private AnonymousFunctionExpressionSyntax UsingLocal() => Registration.SnapshotMember is null
        ? _listener
        : _listener.ReplaceNodes(_references, (original, _) => IdentifierName(_declaration.Declaration.Variables[0].Identifier.WithoutTrivia()).WithTriviaFrom(original));

    private AnonymousFunctionExpressionSyntax Inlined() =>
        _listener.ReplaceNode(_references[0], _read.WithTriviaFrom(_references[0]));

    private StatementSyntax StatementFor(ExpressionSyntax expression) => StatementFor(expression, _function.ReturnsVoid);

    private AnonymousFunctionExpressionSyntax Finish(AnonymousFunctionExpressionSyntax rewritten) =>
        WithoutStatic(_discardParameter ? RenameParameter(rewritten, Registration.Index, UnusedName(_listener)) : rewritten);

    public static FunctionRewrite? Plan(
        Registration registration, AnonymousFunctionExpressionSyntax listener, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        var index = registration.Index;
        if (model.GetSymbolInfo(listener, cancellationToken).Symbol is not IMethodSymbol function || index >= function.Parameters.Length) return null;
        var snapshot = function.Parameters[index];
        if (ParameterSyntaxAt(listener, index) is null) return null;
        var isAsync = listener.AsyncKeyword != default;

        ExpressionSyntax? nameArgument = null;
        if (registration.NameIndex is { } nameIndex)
        {
            // Get(name) must see the name the listener was passed, not one it assigned since.
            if (nameIndex >= function.Parameters.Length || ParameterSyntaxAt(listener, nameIndex) is not { } nameSyntax) return null;
            if (ReferencesTo(function.Parameters[nameIndex], listener, model, cancellationToken).Any(Writes.IsWritten)) return null;
            nameArgument = IdentifierName(nameSyntax.Identifier.WithoutTrivia());
        }
        var read = registration.Read(nameArgument);

        var parameterReferences = ReferencesTo(snapshot, listener, model, cancellationToken);
        // nameof(s) names the parameter, which the rewrite discards: a read in its place would not compile.
        if (parameterReferences.Any(id => InNameOf(id, model, cancellationToken))) return null;
        List<ExpressionSyntax> references;
        SyntaxToken localName;
        ITypeSymbol localType;
        bool discardParameter;
        if (registration.SnapshotMember is { } memberName)
        {
            // Event arguments: only the member that carried the state is replaced; the rest of the arguments stays.
            var carried = parameterReferences
                .Select(id => id.Parent is MemberAccessExpressionSyntax access && access.Expression == id && access.Name.Identifier.ValueText == memberName
                    && model.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol ? access : null)
                .ToList();
            references = carried.Where(a => a is not null).Select(a => (ExpressionSyntax)a!).ToList();
            if (references.Count == 0 || references.Any(Writes.IsWritten)) return null;
            if (model.GetSymbolInfo(references[0], cancellationToken).Symbol is not IPropertySymbol property) return null;
            localType = property.Type;
            localName = Identifier(UnusedLocalName(CamelCase(memberName), listener, model));
            discardParameter = carried.All(a => a is not null);
        }
        else
        {
            references = parameterReferences.Cast<ExpressionSyntax>().ToList();
            if (references.Count == 0) return null;
            localType = snapshot.Type;
            // The parameter's own token: a keyword name stays escaped (@event).
            localName = ParameterSyntaxAt(listener, index)!.Identifier.WithoutTrivia();
            discardParameter = true;
        }
        // An async listener reads the state where it uses it, after the awaits before that use: nothing to write back.
        if (isAsync && references.Any(Writes.IsWritten)) return null;
        // Read once per stretch between awaits: uses in one stretch (or repeated in a loop) would see different states.
        if (isAsync && !OneUsePerStretch(references, listener)) return null;

        // Bound inside the listener, where its parameters (a name for Get(name)) are in scope.
        var declaration = LocalFor(localName, localType, registration.ReadToBind(nameArgument), read, model, references[0].SpanStart);
        if (declaration is null) return null;
        return new FunctionRewrite(registration, listener, function, read, references, declaration, discardParameter, LineBreaks.ElasticOf(root));
    }

    private static List<IdentifierNameSyntax> ReferencesTo(
        IParameterSymbol parameter, AnonymousFunctionExpressionSyntax listener, SemanticModel model, CancellationToken cancellationToken) =>
        listener.Body.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(id => id.Identifier.ValueText == parameter.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, parameter))
            .ToList();

    private static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name.Substring(1);

    /// <summary><paramref name="preferred"/>, or numbered, so that it clashes with nothing the listener sees or declares.</summary>
    private static string UnusedLocalName(string preferred, AnonymousFunctionExpressionSyntax listener, SemanticModel model)
    {
        var used = new HashSet<string>(listener.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        var name = preferred;
        for (var suffix = 2;
             used.Contains(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || !model.LookupSymbols(listener.SpanStart, name: name).IsEmpty;
             suffix++)
        {
            name = preferred + suffix;
        }
        return name;
    }

    private static ParameterSyntax? ParameterSyntaxAt(AnonymousFunctionExpressionSyntax listener, int index) => listener switch
    {
        SimpleLambdaExpressionSyntax simple when index == 0 => simple.Parameter,
        ParenthesizedLambdaExpressionSyntax lambda when index < lambda.ParameterList.Parameters.Count => lambda.ParameterList.Parameters[index],
        AnonymousMethodExpressionSyntax { ParameterList: { } list } when index < list.Parameters.Count => list.Parameters[index],
        _ => null,
    };

    private static bool InNameOf(SyntaxNode reference, SemanticModel model, CancellationToken cancellationToken) =>
        reference.Ancestors().OfType<InvocationExpressionSyntax>().Any(invocation =>
            invocation.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" } name
            && model.GetSymbolInfo(name, cancellationToken).Symbol is null);

    /// <summary>
    /// Not in a nested function (which may run any number of times), an await that always runs between any two uses
    /// (a statement of a block holding the later use, not under a condition), and in a loop one before the use in
    /// each iteration.
    /// </summary>
    private static bool OneUsePerStretch(IReadOnlyList<ExpressionSyntax> references, AnonymousFunctionExpressionSyntax listener)
    {
        var awaits = listener.Body.DescendantNodes().OfType<AwaitExpressionSyntax>().Where(AlwaysRuns).ToList();
        bool AwaitBetween(int start, ExpressionSyntax use) => awaits.Any(a => a.SpanStart >= start && a.Span.End <= use.SpanStart
            && use.Ancestors().Contains(a.FirstAncestorOrSelf<StatementSyntax>()!.Parent));
        foreach (var reference in references)
        {
            foreach (var ancestor in reference.Ancestors().TakeWhile(a => a != listener))
            {
                if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax) return false;
                var body = ancestor switch
                {
                    ForStatementSyntax loop => loop.Statement,
                    CommonForEachStatementSyntax loop => loop.Statement,
                    WhileStatementSyntax loop => loop.Statement,
                    DoStatementSyntax loop => loop.Statement,
                    _ => null,
                };
                if (body is not null && !AwaitBetween(body.SpanStart, reference)) return false;
            }
        }
        var ordered = references.OrderBy(r => r.SpanStart).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (!AwaitBetween(ordered[i - 1].Span.End, ordered[i])) return false;
        }
        return true;
    }

    private static bool AlwaysRuns(AwaitExpressionSyntax awaited)
    {
        foreach (var ancestor in awaited.Ancestors())
        {
            switch (ancestor)
            {
                case ExpressionStatementSyntax or LocalDeclarationStatementSyntax:
                    return ancestor.Parent is BlockSyntax;
                case ConditionalExpressionSyntax or ConditionalAccessExpressionSyntax or SwitchExpressionSyntax
                    or AnonymousFunctionExpressionSyntax or StatementSyntax:
                    return false;
                case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression
                    or SyntaxKind.CoalesceExpression:
                    return false;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression):
                    return false;
            }
        }
        return false;
    }

    private static bool InsideNestedFunction(SyntaxNode reference, AnonymousFunctionExpressionSyntax listener) =>
        reference.Ancestors().TakeWhile(a => a != listener)
            .Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    /// <summary>
    /// <c>var name = read;</c>, or null unless the current state has the snapshot's very type: with another one, a member
    /// (explicit interface implementation) or overload resolution and type inference at the uses could differ.
    /// </summary>
    private static LocalDeclarationStatementSyntax? LocalFor(
        SyntaxToken name, ITypeSymbol snapshotType, ExpressionSyntax toBind, ExpressionSyntax read, SemanticModel model, int position)
    {
        var readType = model.GetSpeculativeTypeInfo(position, toBind, SpeculativeBindingOption.BindAsExpression).Type;
        if (readType is null || readType.TypeKind == TypeKind.Error || !SymbolEqualityComparer.Default.Equals(readType, snapshotType)) return null;
        return LocalDeclarationStatement(
                VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(
                    VariableDeclarator(name).WithInitializer(EqualsValueClause(read)))))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static AnonymousFunctionExpressionSyntax WithBlockBody(AnonymousFunctionExpressionSyntax listener, BlockSyntax body) => listener switch
    {
        SimpleLambdaExpressionSyntax simple => simple.WithExpressionBody(null).WithBlock(body),
        ParenthesizedLambdaExpressionSyntax lambda => lambda.WithExpressionBody(null).WithBlock(body),
        AnonymousMethodExpressionSyntax method => method.WithBlock(body),
        _ => listener,
    };

    /// <summary>"_", or a longer run of underscores when the listener already uses that name.</summary>
    private static string UnusedName(AnonymousFunctionExpressionSyntax listener)
    {
        var used = new HashSet<string>(listener.DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken))
            .Select(t => t.ValueText));
        var name = "_";
        while (used.Contains(name)) name += "_";
        return name;
    }

    private static AnonymousFunctionExpressionSyntax RenameParameter(AnonymousFunctionExpressionSyntax listener, int index, string name)
    {
        var parameter = ParameterSyntaxAt(listener, index);
        return parameter is null
            ? listener
            : listener.ReplaceNode(parameter, parameter.WithIdentifier(Identifier(name).WithTriviaFrom(parameter.Identifier)));
    }

    /// <summary>Reading the current state captures the source, which a <c>static</c> lambda may not.</summary>
    private static AnonymousFunctionExpressionSyntax WithoutStatic(AnonymousFunctionExpressionSyntax listener)
    {
        var modifiers = listener.Modifiers;
        var index = modifiers.IndexOf(SyntaxKind.StaticKeyword);
        if (index < 0) return listener;
        var removed = modifiers[index];
        var rest = modifiers.RemoveAt(index);
        var result = listener.WithModifiers(rest);
        var first = result.GetFirstToken();
        return result.ReplaceToken(first, first.WithLeadingTrivia(removed.LeadingTrivia.AddRange(first.LeadingTrivia)));
    }
}
