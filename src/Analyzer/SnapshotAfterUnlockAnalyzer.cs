using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// SNAP002: in one method, a value captured while a lock is held is handed to listeners after that lock is
/// released (OPA's original bug, at its source). The analysis itself is <see cref="DeliveryScan"/>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SnapshotAfterUnlockAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.SnapshotDeliveredAfterUnlock);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var lockTypes = new LockTypes(start.Compilation);
            // Started from the syntax that acquires a lock, so that only the few bodies holding one are bound.
            start.RegisterSemanticModelAction(c =>
            {
                var scan = TreeScan.Of(c.SemanticModel, c.CancellationToken);
                var analyzedBodies = new HashSet<SyntaxNode>();
                foreach (var lockStatement in scan.Locks) AnalyzeBodyAround(c, lockStatement, lockTypes, analyzedBodies);
                foreach (var invocation in scan.Invocations)
                {
                    if (!LockTypes.IsAcquiringName(RegistrationSyntax.InvokedName(invocation))) continue;
                    AnalyzeBodyAround(c, invocation, lockTypes, analyzedBodies);
                }
            });
        });
    }

    private static void AnalyzeBodyAround(
        SemanticModelAnalysisContext context, SyntaxNode acquisition, LockTypes lockTypes, HashSet<SyntaxNode> analyzedBodies)
    {
        // A body with several acquisitions is analyzed once.
        if (CodeBlock.Enclosing(acquisition) is not { } body || !analyzedBodies.Add(body)) return;
        if (!MayDeliverAfterUnlocking(body)) return;
        var model = context.SemanticModel;
        if (model.GetEnclosingSymbol(acquisition.SpanStart, context.CancellationToken) is { } enclosing
            && (enclosing as INamedTypeSymbol ?? enclosing.ContainingType) is { } type
            && SnapshotSource.IsDeclaredOrdered(type)) return;
        var operation = model.GetOperation(body, context.CancellationToken);
        if (operation is null) return;
        foreach (var delivery in DeliveryScan.Scan(operation, lockTypes).Unlocked)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SnapshotDeliveredAfterUnlock, delivery.Location, delivery.CapturedName, delivery.LockName));
        }
    }

    /// <summary>
    /// False when, from syntax alone, nothing can be handed out after a release: the body's only locks are
    /// <c>lock</c> statements and no call with arguments starts after the first one ends outside every lock body.
    /// Such bodies, most of those that take a lock, are not bound. Acquiring calls (<c>Monitor.Enter</c>, ...) need
    /// symbols to find their regions, so their bodies are always bound. Mirrors the positions
    /// <see cref="DeliveryScan"/> compares.
    /// </summary>
    private static bool MayDeliverAfterUnlocking(SyntaxNode body)
    {
        var locks = new List<LockStatementSyntax>();
        var calls = new List<InvocationExpressionSyntax>();
        foreach (var node in body.DescendantNodes())
        {
            if (node is LockStatementSyntax lockStatement) locks.Add(lockStatement);
            else if (node is InvocationExpressionSyntax call)
            {
                if (LockTypes.IsAcquiringName(RegistrationSyntax.InvokedName(call))) return true;
                if (call.ArgumentList.Arguments.Count > 0) calls.Add(call);
            }
        }
        if (locks.Count == 0) return false;
        var firstRelease = locks.Min(l => l.Span.End);
        return calls.Any(call => call.SpanStart >= firstRelease && !locks.Any(l => l.Statement.Span.Contains(call.SpanStart)));
    }
}

/// <summary>The outermost executable code around a node: what the compiler binds as one member body.</summary>
internal static class CodeBlock
{
    public static SyntaxNode? Enclosing(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                    return ancestor;
                case ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax }:
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } }:
                case EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax }:
                    return ancestor;
                case GlobalStatementSyntax:
                    return ancestor.Parent;
                case TypeDeclarationSyntax or BaseNamespaceDeclarationSyntax:
                    return null;
            }
        }
        return null;
    }
}
