using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace StaleSnapshot.CodeFixes;

/// <summary>
/// Applies the strict rewrite: each listener reads and stores under a lock owned by the consumer, a private
/// readonly field of its type (one per type), or a local before the statement in top-level code.
/// </summary>
internal static class ListenerLocks
{
    private const string FieldName = "_currentStateLock";
    private const string LocalName = "currentStateLock";
    private const int CSharp9 = 900;
    private const int CSharp13 = 1300;

    public static void Apply(
        SyntaxEdits edits, SyntaxNode root, SemanticModel model, IReadOnlyList<ListenerRewrite> rewrites, CancellationToken cancellationToken)
    {
        var languageVersion = (int)((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion;
        var lockType = model.Compilation.GetTypeByMetadataName("System.Threading.Lock") is not null && languageVersion >= CSharp13
            ? ParseTypeName("System.Threading.Lock").WithAdditionalAnnotations(Simplifier.Annotation)
            : PredefinedType(Token(SyntaxKind.ObjectKeyword));

        // The formatter leaves a line break at the edge of an inserted member alone: use the document's own.
        var newLine = LineBreaks.Of(root);
        foreach (var group in rewrites.GroupBy(r => (SyntaxNode?)r.Listener.FirstAncestorOrSelf<TypeDeclarationSyntax>()
                     ?? r.Listener.FirstAncestorOrSelf<GlobalStatementSyntax>()))
        {
            string name;
            if (group.Key is TypeDeclarationSyntax type)
            {
                var isStatic = group.Any(r => r.IsInStaticContext) || type is StructDeclarationSyntax
                    || type is RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword };
                var existing = ExistingLockField(model.GetDeclaredSymbol(type, cancellationToken), isStatic)?.Name;
                name = existing ?? UnusedName(model, group.Select(r => r.Listener), FieldName, cancellationToken);
                if (existing is null)
                {
                    var field = LockField(name, isStatic, lockType, languageVersion).WithTrailingTrivia(newLine);
                    edits.Replace(type, rewritten => ((TypeDeclarationSyntax)rewritten).WithMembers(((TypeDeclarationSyntax)rewritten).Members.Insert(0, field)));
                }
            }
            else if (group.Key is GlobalStatementSyntax statement)
            {
                name = UnusedName(model, group.Select(r => r.Listener), LocalName, cancellationToken);
                edits.InsertBefore(statement, LockLocal(name, lockType).WithTrailingTrivia(newLine));
            }
            else
            {
                continue;
            }
            foreach (var rewrite in group)
            {
                var listener = rewrite.ReadCurrentStateUnderLock(IdentifierName(name));
                edits.Replace(rewrite.Listener, _ => listener);
            }
        }
    }

    /// <summary>A lock field an earlier run of this fix added to the type, to share rather than add another.</summary>
    private static IFieldSymbol? ExistingLockField(INamedTypeSymbol? type, bool mustBeStatic) =>
        type?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(field =>
            field.IsReadOnly
            && (field.IsStatic || !mustBeStatic)
            && field.Name.StartsWith(FieldName, System.StringComparison.Ordinal)
            && field.Name.Substring(FieldName.Length).All(char.IsDigit)
            && (field.Type.SpecialType == SpecialType.System_Object
                || field.Type.ToDisplayString() == "System.Threading.Lock"));

    /// <summary><paramref name="preferred"/>, or with a number, so that no listener already sees something of that name.</summary>
    private static string UnusedName(SemanticModel model, IEnumerable<SyntaxNode> listeners, string preferred, CancellationToken cancellationToken)
    {
        var positions = listeners.SelectMany(l => new[] { l.SpanStart, l.Span.End - 1 }).ToList();
        var name = preferred;
        for (var suffix = 2; positions.Any(p => !model.LookupSymbols(p, name: name).IsEmpty) || Declared(listeners, name); suffix++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            name = preferred + suffix;
        }
        return name;
    }

    private static bool Declared(IEnumerable<SyntaxNode> listeners, string name) =>
        listeners.Any(l => l.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == name));

    private static FieldDeclarationSyntax LockField(string name, bool isStatic, TypeSyntax type, int languageVersion)
    {
        var modifiers = new List<SyntaxToken> { Token(SyntaxKind.PrivateKeyword) };
        if (isStatic) modifiers.Add(Token(SyntaxKind.StaticKeyword));
        modifiers.Add(Token(SyntaxKind.ReadOnlyKeyword));
        return FieldDeclaration(VariableDeclaration(type, SingletonSeparatedList(
                    VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(NewLock(type, languageVersion))))))
            .WithModifiers(TokenList(modifiers))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static StatementSyntax LockLocal(string name, TypeSyntax type) =>
        LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(
                VariableDeclarator(Identifier(name)).WithInitializer(EqualsValueClause(
                    ObjectCreationExpression(type).WithArgumentList(ArgumentList()))))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static ExpressionSyntax NewLock(TypeSyntax type, int languageVersion) => languageVersion >= CSharp9
        ? ImplicitObjectCreationExpression()
        : ObjectCreationExpression(type).WithArgumentList(ArgumentList());
}
