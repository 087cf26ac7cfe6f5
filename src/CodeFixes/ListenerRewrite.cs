using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleSnapshot.CodeFixes;

/// <summary>
/// The rewrites of one flagged listener: the snapshot it was passed goes unused and the source's current state is
/// read instead, optionally under a lock. <see cref="Plan"/> returns null wherever they could not be shown correct.
/// </summary>
internal abstract class ListenerRewrite
{
    private readonly SyntaxTrivia _newLine;

    protected ListenerRewrite(Registration registration, SyntaxTrivia newLine)
    {
        Registration = registration;
        _newLine = newLine;
    }

    public Registration Registration { get; }

    /// <summary>The node the rewrite replaces: the listener as written.</summary>
    public ExpressionSyntax Listener => Registration.Handler;

    /// <summary>The expression now read in the listener, for the fix titles.</summary>
    public abstract string CurrentStateText { get; }

    /// <summary>An async listener cannot hold a lock across its awaits, so it has no strict rewrite.</summary>
    public abstract bool IsAsync { get; }

    /// <summary>Whether the listener runs without an instance, so a lock for it must be static.</summary>
    public abstract bool IsInStaticContext { get; }

    /// <summary>
    /// Code directly in <paramref name="enclosing"/> runs without an instance: it is static, or a static lambda or local
    /// function around it is, or the member it is written in.
    /// </summary>
    protected static bool RunsWithoutInstance(ISymbol? enclosing)
    {
        while (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction, IsStatic: false })
        {
            enclosing = enclosing.ContainingSymbol;
        }
        return enclosing is { IsStatic: true };
    }

    /// <summary>The listener reading the current state where it used the snapshot.</summary>
    public abstract ExpressionSyntax ReadCurrentState();

    /// <summary>
    /// The listener reading the current state and storing what it derives while holding <paramref name="gate"/>:
    /// whichever call stores last then also read last, after the last update.
    /// </summary>
    public abstract ExpressionSyntax ReadCurrentStateUnderLock(ExpressionSyntax gate);

    public static ListenerRewrite? Plan(
        SyntaxNode root, SemanticModel model, Diagnostic diagnostic, ISet<string> reservedNames, CancellationToken cancellationToken)
    {
        var registration = Registration.Find(root, model, diagnostic, reservedNames, cancellationToken);
        if (registration is null) return null;
        return registration.Handler is AnonymousFunctionExpressionSyntax function
            ? FunctionRewrite.Plan(registration, function, root, model, cancellationToken)
            : MethodGroupRewrite.Plan(registration, root, model, cancellationToken);
    }

    /// <summary>The expression as a statement; comments before and after it stay around the statement.</summary>
    protected static StatementSyntax StatementFor(ExpressionSyntax expression, bool returnsVoid)
    {
        StatementSyntax statement = returnsVoid
            ? ExpressionStatement(expression.WithoutTrivia())
            : ReturnStatement(expression.WithoutTrivia());
        return statement.WithLeadingTrivia(expression.GetLeadingTrivia()).WithTrailingTrivia(expression.GetTrailingTrivia());
    }

    /// <summary>A block whose elastic line breaks let the formatter lay it out like the code around it.</summary>
    protected BlockSyntax NewBlock(params StatementSyntax[] statements) =>
        Block(
                Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(_newLine),
                // A statement whose trailing comment ends its line already has its line break.
                List(statements.Select(s => s.GetTrailingTrivia().LastOrDefault().IsKind(SyntaxKind.EndOfLineTrivia)
                    ? s
                    : s.WithTrailingTrivia(s.GetTrailingTrivia().Add(_newLine)))),
                Token(SyntaxKind.CloseBraceToken))
            .WithAdditionalAnnotations(Formatter.Annotation);

    protected static LockStatementSyntax LockOn(ExpressionSyntax gate, BlockSyntax body) =>
        LockStatement(gate, body).WithAdditionalAnnotations(Formatter.Annotation);
}
