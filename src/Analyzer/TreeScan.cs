using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// The nodes an analyzer starts from, found by walking each tree once from a semantic-model action. Syntax-node
/// actions would make the driver split every member into its nodes and dispatch them, for every analyzer: that
/// per-declaration pipeline costs a build more than our whole analysis (docs/benchmarks.md). The compiler has
/// already created these nodes while binding, so the walk itself allocates nothing.
/// </summary>
internal static class TreeScan
{
    public static IEnumerable<SyntaxNode> Nodes(SemanticModelAnalysisContext context, SyntaxKind kind, SyntaxKind otherKind)
    {
        var root = context.SemanticModel.SyntaxTree.GetRoot(context.CancellationToken);
        foreach (var node in root.DescendantNodes())
        {
            var nodeKind = node.Kind();
            if (nodeKind != kind && nodeKind != otherKind) continue;
            context.CancellationToken.ThrowIfCancellationRequested();
            yield return node;
        }
    }

    public static IEnumerable<SyntaxNode> Nodes(SemanticModelAnalysisContext context, SyntaxKind kind) => Nodes(context, kind, kind);
}
