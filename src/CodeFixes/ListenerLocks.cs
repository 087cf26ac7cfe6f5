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

    /// <summary>The key of the top-level program's group: all its listeners share one local.</summary>
    private static readonly object TopLevel = new();

    /// <summary>
    /// Whether the strict rewrite can place a lock the listener sees: not in an async listener, nor in a local function
    /// of top-level code (the local would come after the call, or be out of a static function's reach), nor in a
    /// partial type declared in several files (Fix All would add a field to each part).
    /// </summary>
    public static bool CanLock(ListenerRewrite rewrite, SemanticModel model, CancellationToken cancellationToken)
    {
        if (rewrite.IsAsync) return false;
        switch (GroupOf(rewrite, model, cancellationToken))
        {
            case INamedTypeSymbol type:
                return type.DeclaringSyntaxReferences.Select(r => r.SyntaxTree).Distinct().Count() == 1;
            case var key when key == TopLevel:
                return !rewrite.Listener.Ancestors().OfType<LocalFunctionStatementSyntax>().Any();
            default:
                return false;
        }
    }

    public static void Apply(
        SyntaxEdits edits, SyntaxNode root, SemanticModel model, IReadOnlyList<ListenerRewrite> rewrites, CancellationToken cancellationToken)
    {
        var languageVersion = (int)((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion;
        var lockType = model.Compilation.GetTypeByMetadataName("System.Threading.Lock") is not null && languageVersion >= CSharp13
            ? ParseTypeName("System.Threading.Lock").WithAdditionalAnnotations(Simplifier.Annotation)
            : PredefinedType(Token(SyntaxKind.ObjectKeyword));

        // The formatter leaves a line break at the edge of an inserted member alone: use the document's own.
        var newLine = LineBreaks.Of(root);
        // One lock per type (all its parts) and one for the whole top-level program.
        foreach (var group in rewrites.Where(r => CanLock(r, model, cancellationToken))
                     .GroupBy(r => GroupOf(r, model, cancellationToken)!, SymbolOrObjectComparer.Instance))
        {
            string name;
            if (group.Key is INamedTypeSymbol typeSymbol)
            {
                var type = group.Select(r => r.Listener.FirstAncestorOrSelf<TypeDeclarationSyntax>()!).OrderBy(t => t.SpanStart).First();
                var isStatic = group.Any(NeedsStaticLock) || typeSymbol.IsValueType;
                var existing = ExistingLockField(typeSymbol, isStatic)?.Name;
                name = existing ?? UnusedName(model, group.Select(r => r.Listener), FieldName, taken: null, cancellationToken);
                if (existing is null)
                {
                    var field = LockField(name, isStatic, lockType, languageVersion).WithTrailingTrivia(newLine);
                    edits.Replace(type, rewritten => ((TypeDeclarationSyntax)rewritten).WithMembers(((TypeDeclarationSyntax)rewritten).Members.Insert(0, field)));
                }
            }
            else
            {
                // Before the first statement with a listener: every later top-level statement sees it, assigned.
                var statement = group.Select(r => r.Listener.FirstAncestorOrSelf<GlobalStatementSyntax>()!).OrderBy(g => g.SpanStart).First();
                name = UnusedName(model, group.Select(r => r.Listener), LocalName, ReceiverLocal.NamesInMember(statement), cancellationToken);
                edits.InsertBefore(statement, LockLocal(name, lockType).WithTrailingTrivia(newLine));
            }
            foreach (var rewrite in group)
            {
                var listener = rewrite.ReadCurrentStateUnderLock(IdentifierName(name));
                edits.Replace(rewrite.Listener, _ => listener);
            }
        }
    }

    private static object? GroupOf(ListenerRewrite rewrite, SemanticModel model, CancellationToken cancellationToken)
    {
        if (rewrite.Listener.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } type) return model.GetDeclaredSymbol(type, cancellationToken);
        return rewrite.Listener.FirstAncestorOrSelf<GlobalStatementSyntax>() is not null ? TopLevel : null;
    }

    /// <summary>
    /// No instance to own the lock: a static context, or code that runs before or outside of one (a constructor
    /// initializer, a field or property initializer, an interface member, which cannot have instance fields).
    /// </summary>
    private static bool NeedsStaticLock(ListenerRewrite rewrite)
    {
        if (rewrite.IsInStaticContext) return true;
        foreach (var ancestor in rewrite.Listener.Ancestors())
        {
            switch (ancestor)
            {
                case ConstructorInitializerSyntax or PrimaryConstructorBaseTypeSyntax:
                    return true;
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax } or PropertyDeclarationSyntax }:
                    return true;
                case InterfaceDeclarationSyntax:
                    return true;
                case BaseTypeDeclarationSyntax:
                    return false;
            }
        }
        return false;
    }

    private sealed class SymbolOrObjectComparer : IEqualityComparer<object>
    {
        public static readonly SymbolOrObjectComparer Instance = new();

        public new bool Equals(object? x, object? y) =>
            x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : ReferenceEquals(x, y);

        public int GetHashCode(object obj) => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
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

    /// <summary>
    /// <paramref name="preferred"/>, or with a number, so that no listener already sees something of that name and
    /// nothing in <paramref name="taken"/> has it.
    /// </summary>
    private static string UnusedName(
        SemanticModel model, IEnumerable<SyntaxNode> listeners, string preferred, ISet<string>? taken, CancellationToken cancellationToken)
    {
        var positions = listeners.SelectMany(l => new[] { l.SpanStart, l.Span.End - 1 }).ToList();
        var name = preferred;
        for (var suffix = 2;
             positions.Any(p => !model.LookupSymbols(p, name: name).IsEmpty) || Declared(listeners, name) || taken?.Contains(name) == true;
             suffix++)
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
