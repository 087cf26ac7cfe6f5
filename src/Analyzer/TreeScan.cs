using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// The nodes the analyzers start from, found by one walk of a tree and shared by all of them. Each analyzer reads
/// them from a semantic-model action, once the compiler has bound the tree: syntax-node actions would make the
/// analyzer driver split every member into its nodes and dispatch them, which costs a build more than our whole
/// analysis (docs/benchmarks.md). Scans are kept per compilation, as a build would walk its files again.
/// </summary>
internal sealed class TreeScan
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, TreeScan>> Scans = new();

    private TreeScan(
        ImmutableArray<InvocationExpressionSyntax> invocations,
        ImmutableArray<AssignmentExpressionSyntax> subscriptions,
        ImmutableArray<LockStatementSyntax> locks)
    {
        Invocations = invocations;
        Subscriptions = subscriptions;
        Locks = locks;
    }

    public ImmutableArray<InvocationExpressionSyntax> Invocations { get; }

    /// <summary>Every <c>+=</c>: event subscriptions among them.</summary>
    public ImmutableArray<AssignmentExpressionSyntax> Subscriptions { get; }

    public ImmutableArray<LockStatementSyntax> Locks { get; }

    public static TreeScan Of(SemanticModel model, CancellationToken cancellationToken)
    {
        var scans = Scans.GetValue(model.Compilation, _ => new ConcurrentDictionary<SyntaxTree, TreeScan>());
        var tree = model.SyntaxTree;
        if (scans.TryGetValue(tree, out var scan)) return scan;
        // When two analyzers race on one tree, both walk it and the first scan stored is kept.
        return scans.GetOrAdd(tree, Walk(tree.GetRoot(cancellationToken), cancellationToken));
    }

    private static TreeScan Walk(SyntaxNode root, CancellationToken cancellationToken)
    {
        var invocations = ImmutableArray.CreateBuilder<InvocationExpressionSyntax>();
        var subscriptions = ImmutableArray.CreateBuilder<AssignmentExpressionSyntax>();
        var locks = ImmutableArray.CreateBuilder<LockStatementSyntax>();
        foreach (var node in root.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    cancellationToken.ThrowIfCancellationRequested();
                    invocations.Add(invocation);
                    break;
                case AssignmentExpressionSyntax assignment when assignment.IsKind(SyntaxKind.AddAssignmentExpression):
                    subscriptions.Add(assignment);
                    break;
                case LockStatementSyntax lockStatement:
                    locks.Add(lockStatement);
                    break;
            }
        }
        return new TreeScan(invocations.ToImmutable(), subscriptions.ToImmutable(), locks.ToImmutable());
    }
}
