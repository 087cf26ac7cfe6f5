using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleSnapshot.CodeFixes;

/// <summary>New code uses the document's own line break, so a fix never mixes CRLF into an LF file or back.</summary>
internal static class LineBreaks
{
    public static SyntaxTrivia Of(SyntaxNode root) => EndOfLine(TextOf(root));

    /// <summary>Elastic: the formatter may still move it, as it lays out the new code.</summary>
    public static SyntaxTrivia ElasticOf(SyntaxNode root) => ElasticEndOfLine(TextOf(root));

    private static string TextOf(SyntaxNode root)
    {
        var first = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return first.IsKind(SyntaxKind.EndOfLineTrivia) ? first.ToString() : "\n";
    }
}
