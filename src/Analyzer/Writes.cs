using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleSnapshot.Analyzers;

/// <summary>Where a variable is written: the fixes must not read again what may have changed since.</summary>
internal static class Writes
{
    /// <summary>
    /// The expression is assigned (also compound, in a deconstruction or a <c>foreach</c> deconstruction),
    /// incremented, passed by reference or has a reference taken.
    /// </summary>
    public static bool IsWritten(ExpressionSyntax reference)
    {
        SyntaxNode target = reference;
        // this.x, x!, (x) are written when what holds them is.
        while (target.Parent is MemberAccessExpressionSyntax access && access.Name == target
               || target.Parent is ParenthesizedExpressionSyntax
               || target.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression })
        {
            target = target.Parent;
        }
        // A tuple element is written when the tuple is a deconstruction target.
        while (target.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple }) target = tuple;
        return target.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == target,
            ArgumentSyntax argument => argument.RefKindKeyword != default,
            PrefixUnaryExpressionSyntax prefix => prefix.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression
                or SyntaxKind.AddressOfExpression,
            PostfixUnaryExpressionSyntax postfix => postfix.Kind() is SyntaxKind.PostIncrementExpression or SyntaxKind.PostDecrementExpression,
            RefExpressionSyntax => true,
            ForEachVariableStatementSyntax loop => loop.Variable == target,
            _ => false,
        };
    }

    /// <summary>Any write of <paramref name="symbol"/> inside <paramref name="scope"/>, after <paramref name="after"/> if given.</summary>
    public static bool AnyIn(SyntaxNode scope, ISymbol symbol, SemanticModel model, CancellationToken cancellationToken, int after = -1) =>
        scope.DescendantNodes().OfType<IdentifierNameSyntax>().Any(id =>
            id.SpanStart > after
            && id.Identifier.ValueText == symbol.Name
            && IsWritten(id)
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, symbol));
}
