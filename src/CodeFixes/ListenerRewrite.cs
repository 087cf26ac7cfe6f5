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
/// The rewrites of one flagged listener: the snapshot parameter becomes unused and the source's current state
/// is read instead, optionally under a lock. <see cref="Plan"/> returns null wherever they could not be shown correct.
/// </summary>
internal sealed class ListenerRewrite
{
    private readonly IMethodSymbol _function;
    private readonly int _index;
    private readonly ExpressionSyntax _read;
    private readonly IReadOnlyList<IdentifierNameSyntax> _references;
    private readonly LocalDeclarationStatementSyntax _declaration;
    private readonly SyntaxTrivia _newLine;

    private ListenerRewrite(
        AnonymousFunctionExpressionSyntax listener, IMethodSymbol function, int index, ExpressionSyntax read,
        IReadOnlyList<IdentifierNameSyntax> references, LocalDeclarationStatementSyntax declaration, SyntaxTrivia newLine)
    {
        _newLine = newLine;
        Listener = listener;
        _function = function;
        _index = index;
        _read = read;
        _references = references;
        _declaration = declaration;
    }

    public AnonymousFunctionExpressionSyntax Listener { get; }

    /// <summary>The expression now read in the listener, for the fix titles.</summary>
    public string CurrentStateText => _read.ToString();

    /// <summary>Whether the listener runs without an instance, so a lock for it must be static.</summary>
    public bool IsInStaticContext =>
        _function.ContainingSymbol is { IsStatic: true } || Listener.Modifiers.Any(SyntaxKind.StaticKeyword);

    /// <summary>The listener reading the current state where it used the snapshot (once, when used more than once).</summary>
    public AnonymousFunctionExpressionSyntax ReadCurrentState()
    {
        AnonymousFunctionExpressionSyntax rewritten;
        if (IsAsync)
        {
            rewritten = Listener.ReplaceNodes(_references, (original, _) => _read.WithTriviaFrom(original));
        }
        else if (CanInline)
        {
            rewritten = Inlined();
        }
        else if (Listener.Block is { } block)
        {
            rewritten = WithBlockBody(Listener, block.WithStatements(block.Statements.Insert(0, _declaration)));
        }
        else
        {
            rewritten = WithBlockBody(Listener, NewBlock(_declaration, StatementFor(Listener.ExpressionBody!)));
        }
        return Finish(rewritten);
    }

    /// <summary>
    /// The listener reading the current state and storing what it derives while holding <paramref name="gate"/>:
    /// whichever call stores last then also read last, after the last update.
    /// </summary>
    public AnonymousFunctionExpressionSyntax ReadCurrentStateUnderLock(ExpressionSyntax gate)
    {
        StatementSyntax[] guarded;
        if (CanInline)
        {
            guarded = new[] { StatementFor(Inlined().ExpressionBody!) };
        }
        else
        {
            var original = Listener.Block is { } block
                ? block.Statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation))
                : new[] { StatementFor(Listener.ExpressionBody!) };
            guarded = new StatementSyntax[] { _declaration }.Concat(original).ToArray();
        }
        var lockStatement = LockStatement(gate, NewBlock(guarded)).WithAdditionalAnnotations(Formatter.Annotation);
        var body = Listener.Block is { } outer
            ? outer.WithStatements(SingletonList<StatementSyntax>(lockStatement))
            : NewBlock(lockStatement);
        return Finish(WithBlockBody(Listener, body));
    }

    /// <summary>An async listener cannot hold a lock across its awaits, so it has no strict rewrite.</summary>
    public bool IsAsync => Listener.AsyncKeyword != default;

    private bool CanInline =>
        Listener.ExpressionBody is not null && _references.Count == 1 && !IsWritten(_references[0])
        && !InsideNestedFunction(_references[0], Listener);

    private AnonymousFunctionExpressionSyntax Inlined() =>
        Listener.ReplaceNode(_references[0], _read.WithTriviaFrom(_references[0]));

    private StatementSyntax StatementFor(ExpressionSyntax expression) => _function.ReturnsVoid
        ? ExpressionStatement(expression.WithoutTrivia())
        : ReturnStatement(expression.WithoutTrivia());

    private AnonymousFunctionExpressionSyntax Finish(AnonymousFunctionExpressionSyntax rewritten) =>
        WithoutStatic(RenameParameter(rewritten, _index, UnusedName(Listener)));

    public static ListenerRewrite? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(StaleSnapshotListenerAnalyzer.CurrentStateMemberKey, out var memberName) || memberName is null
            || !properties.TryGetValue(StaleSnapshotListenerAnalyzer.CurrentStateKindKey, out var memberKind)
            || !properties.TryGetValue(StaleSnapshotListenerAnalyzer.ParameterIndexKey, out var indexText)
            || !int.TryParse(indexText, out var index))
        {
            return null;
        }
        // Method groups, event handlers, static current state: rewriting the lambda would not be correct.
        if (!properties.TryGetValue(StaleSnapshotListenerAnalyzer.ReadOnReceiverKey, out var readOnReceiver) || readOnReceiver != "true")
        {
            return null;
        }

        // The diagnostic sits on the listener itself; a lambda merely around it is not the listener.
        var listener = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
            .AncestorsAndSelf().OfType<AnonymousFunctionExpressionSyntax>().FirstOrDefault();
        if (listener is null || listener.Span != diagnostic.Location.SourceSpan) return null;
        if (listener.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }) return null;
        if (model.GetSymbolInfo(listener, cancellationToken).Symbol is not IMethodSymbol function || index >= function.Parameters.Length) return null;
        var snapshot = function.Parameters[index];
        var parameterSyntax = ParameterSyntaxAt(listener, index);
        if (parameterSyntax is null) return null;

        var receiver = Receiver(invocation);
        if (receiver is { } explicitReceiver && !IsStable(explicitReceiver, model, cancellationToken)) return null;
        if (NeedsThisInStruct(receiver, model, invocation, cancellationToken)) return null;

        var read = CurrentStateRead(receiver, memberName, memberKind == nameof(SymbolKind.Method));
        var references = listener.Body.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(id => id.Identifier.ValueText == snapshot.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, snapshot))
            .ToList();
        if (references.Count == 0) return null;
        // An async listener reads the state where it uses it, after the awaits before that use: nothing to write back.
        if (listener.AsyncKeyword != default && references.Any(IsWritten)) return null;

        var declaration = LocalFor(snapshot, read, model, invocation.SpanStart, cancellationToken);
        if (declaration is null) return null;
        return new ListenerRewrite(listener, function, index, read, references, declaration, LineBreaks.ElasticOf(root));
    }

    private static ParameterSyntax? ParameterSyntaxAt(AnonymousFunctionExpressionSyntax listener, int index) => listener switch
    {
        SimpleLambdaExpressionSyntax simple when index == 0 => simple.Parameter,
        ParenthesizedLambdaExpressionSyntax lambda when index < lambda.ParameterList.Parameters.Count => lambda.ParameterList.Parameters[index],
        AnonymousMethodExpressionSyntax { ParameterList: { } list } when index < list.Parameters.Count => list.Parameters[index],
        _ => null,
    };

    /// <summary>The expression the listener was registered on; null when it is the implicit <c>this</c>.</summary>
    private static ExpressionSyntax? Receiver(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax access ? access.Expression : null;

    /// <summary>Safe to evaluate again in the listener: no side effects, and a lambda may capture it.</summary>
    private static bool IsStable(ExpressionSyntax receiver, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (receiver)
        {
            case ThisExpressionSyntax or BaseExpressionSyntax:
                return true;
            case IdentifierNameSyntax identifier:
                return IsStableSymbol(model.GetSymbolInfo(identifier, cancellationToken).Symbol);
            case MemberAccessExpressionSyntax { Expression: var inner, Name: IdentifierNameSyntax name }
                when receiver.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                return (symbol is IFieldSymbol or IPropertySymbol { IsIndexer: false })
                    && (model.GetSymbolInfo(inner, cancellationToken).Symbol is INamedTypeSymbol || IsStable(inner, model, cancellationToken));
            default:
                return false;
        }
    }

    private static bool IsStableSymbol(ISymbol? symbol) => symbol switch
    {
        ILocalSymbol local => local.RefKind == RefKind.None && !local.Type.IsRefLikeType,
        IParameterSymbol parameter => parameter.RefKind == RefKind.None && !parameter.Type.IsRefLikeType,
        IFieldSymbol => true,
        IPropertySymbol property => !property.IsIndexer,
        _ => false,
    };

    /// <summary>A lambda in a struct cannot capture <c>this</c>, which reading an instance member would need.</summary>
    private static bool NeedsThisInStruct(ExpressionSyntax? receiver, SemanticModel model, SyntaxNode at, CancellationToken cancellationToken)
    {
        var containingType = model.GetEnclosingSymbol(at.SpanStart, cancellationToken)?.ContainingType;
        if (containingType is null || !containingType.IsValueType) return false;
        if (receiver is null or ThisExpressionSyntax or BaseExpressionSyntax) return true;
        var root = receiver;
        while (root is MemberAccessExpressionSyntax access) root = access.Expression;
        if (root is ThisExpressionSyntax) return true;
        return model.GetSymbolInfo(root, cancellationToken).Symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false };
    }

    private static ExpressionSyntax CurrentStateRead(ExpressionSyntax? receiver, string memberName, bool isMethod)
    {
        ExpressionSyntax access = receiver is null
            ? IdentifierName(memberName)
            : MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), IdentifierName(memberName));
        return isMethod ? InvocationExpression(access) : access;
    }

    private static bool IsWritten(IdentifierNameSyntax reference) => reference.Parent switch
    {
        AssignmentExpressionSyntax assignment => assignment.Left == reference,
        ArgumentSyntax argument => argument.RefKindKeyword != default,
        PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
        _ => false,
    };

    private static bool InsideNestedFunction(SyntaxNode reference, AnonymousFunctionExpressionSyntax listener) =>
        reference.Ancestors().TakeWhile(a => a != listener)
            .Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax);

    /// <summary><c>var name = read;</c>, or with the parameter's type when the current state is of another type.</summary>
    private static LocalDeclarationStatementSyntax? LocalFor(
        IParameterSymbol snapshot, ExpressionSyntax read, SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var readType = model.GetSpeculativeTypeInfo(position, read, SpeculativeBindingOption.BindAsExpression).Type;
        if (readType is null || readType.TypeKind == TypeKind.Error) return null;
        var type = SymbolEqualityComparer.Default.Equals(readType, snapshot.Type)
            ? IdentifierName("var")
            : ParseTypeName(snapshot.Type.ToMinimalDisplayString(model, position));
        return LocalDeclarationStatement(
                VariableDeclaration(type, SingletonSeparatedList(
                    VariableDeclarator(Identifier(snapshot.Name)).WithInitializer(EqualsValueClause(read)))))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>A block whose elastic line breaks let the formatter lay it out like the code around it.</summary>
    private BlockSyntax NewBlock(params StatementSyntax[] statements) =>
        Block(
                Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(_newLine),
                List(statements.Select(s => s.WithTrailingTrivia(s.GetTrailingTrivia().Add(_newLine)))),
                Token(SyntaxKind.CloseBraceToken))
            .WithAdditionalAnnotations(Formatter.Annotation);

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
