using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleSnapshot.CodeFixes;

/// <summary>
/// Every edit of one document, applied to its original tree in one pass: node replacements (nested ones see
/// their inner edits) and statements inserted before a statement of a block or of top-level code.
/// </summary>
internal sealed class SyntaxEdits
{
    private readonly Dictionary<SyntaxNode, Func<SyntaxNode, SyntaxNode>> _replacements = new();
    private readonly Dictionary<SyntaxNode, List<Func<StatementSyntax>>> _insertions = new();

    /// <summary><paramref name="replace"/> gets the node with the edits inside it already made.</summary>
    public void Replace(SyntaxNode original, Func<SyntaxNode, SyntaxNode> replace) => _replacements[original] = replace;

    /// <summary>
    /// Inserts <paramref name="statement"/> before <paramref name="before"/> (a statement in a block or a
    /// switch section, or a top-level <see cref="GlobalStatementSyntax"/>), which hands it its leading trivia.
    /// </summary>
    public void InsertBefore(SyntaxNode before, StatementSyntax statement) => InsertBefore(before, () => statement);

    /// <summary>The statement is built once the replacements are made, so it can take what they made.</summary>
    public void InsertBefore(SyntaxNode before, Func<StatementSyntax> statement)
    {
        if (!_insertions.TryGetValue(before, out var list)) _insertions[before] = list = new List<Func<StatementSyntax>>();
        list.Add(statement);
    }

    public SyntaxNode Apply(SyntaxNode root)
    {
        var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        var result = root.ReplaceNodes(
            _replacements.Keys.Concat(_insertions.Keys).Distinct(),
            (original, rewritten) =>
            {
                var node = _replacements.TryGetValue(original, out var replace) ? replace(rewritten) : rewritten;
                if (!_insertions.ContainsKey(original)) return node;
                var mark = new SyntaxAnnotation();
                marks[original] = mark;
                return node.WithAdditionalAnnotations(mark);
            });

        foreach (var pair in marks)
        {
            var target = result.GetAnnotatedNodes(pair.Value).First();
            var inserted = _insertions[pair.Key]
                .Select(build => build())
                .Select(s => target is GlobalStatementSyntax ? (SyntaxNode)SyntaxFactory.GlobalStatement(s) : s)
                .ToList();
            // Comments and blank lines above the statement now lead the inserted code; the statement keeps its indentation.
            var indentation = target.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse().ToList();
            // A statement sharing its line with the code before it (`{ Register(...); }`) gets its locals on that line too.
            var ownLine = target.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))
                || target.GetFirstToken().GetPreviousToken().TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            for (var i = 0; i < inserted.Count; i++)
            {
                inserted[i] = inserted[i].WithLeadingTrivia(i == 0 ? target.GetLeadingTrivia() : SyntaxFactory.TriviaList(indentation));
                if (!ownLine) inserted[i] = inserted[i].WithTrailingTrivia(SyntaxFactory.Space);
            }
            result = result.ReplaceNode(target, inserted.Append(target.WithLeadingTrivia(indentation)));
        }
        return result;
    }
}
