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
/// Where a flagged listener was registered (<c>receiver.Register(..., listener)</c> or
/// <c>receiver.Event += listener</c>) and how to read the source's current state there, from the diagnostic's
/// properties. <see cref="Find"/> returns null where no read could be shown correct.
/// </summary>
internal sealed class Registration
{
    private Registration(
        ExpressionSyntax handler, ExpressionSyntax? receiver, ReceiverLocal? hoisted, int index, int? nameIndex,
        string memberName, bool isMethod, string? snapshotMember)
    {
        Handler = handler;
        Receiver = receiver;
        Hoisted = hoisted;
        Index = index;
        NameIndex = nameIndex;
        _memberName = memberName;
        _isMethod = isMethod;
        SnapshotMember = snapshotMember;
    }

    private readonly string _memberName;
    private readonly bool _isMethod;

    /// <summary>The listener as written: a lambda, an anonymous method or a method group.</summary>
    public ExpressionSyntax Handler { get; }

    /// <summary>The expression the listener was registered on; null when it is the implicit <c>this</c>.</summary>
    public ExpressionSyntax? Receiver { get; }

    /// <summary>A local the receiver goes into first, when it is not safe to evaluate again; otherwise null.</summary>
    public ReceiverLocal? Hoisted { get; }

    /// <summary>The listener parameter that receives the snapshot (or the event arguments carrying it).</summary>
    public int Index { get; }

    /// <summary>The listener parameter whose value names the options to read (<c>Get(name)</c>), or null.</summary>
    public int? NameIndex { get; }

    /// <summary>The event-arguments member that carried the state, or null when the parameter is the state.</summary>
    public string? SnapshotMember { get; }

    /// <summary><c>receiver.Member</c>, <c>receiver.Member()</c> or <c>receiver.Get(name)</c>.</summary>
    public ExpressionSyntax Read(ExpressionSyntax? nameArgument) =>
        Read(Hoisted is { } local ? IdentifierName(local.Name) : Receiver?.WithoutTrivia(), nameArgument);

    /// <summary>The read on the receiver as written, which binds where the local introduced for it does not exist yet.</summary>
    public ExpressionSyntax ReadToBind(ExpressionSyntax? nameArgument) => Read(Receiver?.WithoutTrivia(), nameArgument);

    private ExpressionSyntax Read(ExpressionSyntax? receiver, ExpressionSyntax? nameArgument)
    {
        ExpressionSyntax access = receiver is null
            ? IdentifierName(_memberName)
            : MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName(_memberName));
        if (!_isMethod) return access;
        return InvocationExpression(access, nameArgument is null
            ? ArgumentList()
            : ArgumentList(SingletonSeparatedList(Argument(nameArgument))));
    }

    public static Registration? Find(
        SyntaxNode root, SemanticModel model, Diagnostic diagnostic, ISet<string> reservedNames, CancellationToken cancellationToken)
    {
        var properties = diagnostic.Properties;
        if (!properties.TryGetValue(ListenerCheck.CurrentStateMemberKey, out var memberName) || memberName is null
            || !properties.TryGetValue(ListenerCheck.CurrentStateKindKey, out var memberKind)
            || !properties.TryGetValue(ListenerCheck.ParameterIndexKey, out var indexText)
            || !int.TryParse(indexText, out var index))
        {
            return null;
        }
        // Static current state, or a receiver the registration does not show: no receiver.Member to read.
        if (!properties.TryGetValue(ListenerCheck.ReadOnReceiverKey, out var readOnReceiver) || readOnReceiver != "true") return null;
        int? nameIndex = null;
        if (properties.TryGetValue(OptionsMonitorListenerAnalyzer.NameParameterIndexKey, out var nameText))
        {
            if (!int.TryParse(nameText, out var parsed) || parsed == index) return null;
            nameIndex = parsed;
        }
        properties.TryGetValue(ListenerCheck.SnapshotMemberKey, out var snapshotMember);

        // The diagnostic sits on the listener itself; a lambda merely around it is not the listener.
        var span = diagnostic.Location.SourceSpan;
        var handler = root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionSyntax>()
            .FirstOrDefault(e => e.Span == span && e.Parent is ArgumentSyntax or AssignmentExpressionSyntax);
        if (handler is null) return null;
        SyntaxNode registration;
        ExpressionSyntax registered;
        switch (handler.Parent)
        {
            case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }:
                registration = invocation;
                registered = invocation.Expression;
                break;
            case AssignmentExpressionSyntax subscription when subscription.IsKind(SyntaxKind.AddAssignmentExpression) && subscription.Right == handler:
                registration = subscription;
                registered = subscription.Left;
                break;
            default:
                return null;
        }
        var receiver = registered switch
        {
            MemberAccessExpressionSyntax access when access.IsKind(SyntaxKind.SimpleMemberAccessExpression) => access.Expression,
            SimpleNameSyntax => null,
            _ => (ExpressionSyntax?)null,
        };
        if (receiver is null && registered is not SimpleNameSyntax) return null;

        ReceiverLocal? hoisted = null;
        if (receiver is not null && !IsStable(receiver, model, cancellationToken))
        {
            hoisted = ReceiverLocal.For(receiver, registration, model, reservedNames, LineBreaks.Of(root), cancellationToken);
            if (hoisted is null) return null;
        }
        else if (NeedsThisInStruct(receiver, model, registration, cancellationToken))
        {
            return null;
        }
        return new Registration(handler, receiver, hoisted, index, nameIndex, memberName, memberKind == nameof(SymbolKind.Method), snapshotMember);
    }

    /// <summary>
    /// Safe to evaluate again in the listener: no side effects, a lambda may capture it, and it still names the source
    /// registered on when the listener runs (<c>this</c>, a local or parameter never written after its declaration,
    /// a readonly field, a get-only or init auto-property).
    /// </summary>
    public static bool IsStable(ExpressionSyntax receiver, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (receiver)
        {
            case ThisExpressionSyntax or BaseExpressionSyntax:
                return true;
            case IdentifierNameSyntax identifier:
                return IsStableSymbol(model.GetSymbolInfo(identifier, cancellationToken).Symbol, identifier, model, cancellationToken);
            case MemberAccessExpressionSyntax { Expression: var inner, Name: IdentifierNameSyntax name }
                when receiver.IsKind(SyntaxKind.SimpleMemberAccessExpression):
                var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                return (symbol is IFieldSymbol or IPropertySymbol)
                    && IsStableSymbol(symbol, name, model, cancellationToken)
                    && (model.GetSymbolInfo(inner, cancellationToken).Symbol is INamedTypeSymbol || IsStable(inner, model, cancellationToken));
            default:
                return false;
        }
    }

    private static bool IsStableSymbol(ISymbol? symbol, SyntaxNode at, SemanticModel model, CancellationToken cancellationToken) => symbol switch
    {
        // A struct variable changes with its members' assignments too.
        ILocalSymbol local => local.RefKind == RefKind.None && !local.Type.IsValueType && !local.Type.IsRefLikeType
            && NeverWritten(local, model, cancellationToken),
        IParameterSymbol parameter => parameter.RefKind == RefKind.None && !parameter.Type.IsValueType && !parameter.Type.IsRefLikeType
            && NeverWritten(parameter, model, cancellationToken),
        IFieldSymbol field => field.IsConst || field.IsReadOnly && !WrittenAfter(field, at, model, cancellationToken),
        // init is only during construction (a record's positional properties).
        IPropertySymbol property => !property.IsIndexer && (property.SetMethod is null or { IsInitOnly: true }) && IsAutoProperty(property)
            && !WrittenAfter(property, at, model, cancellationToken),
        _ => false,
    };

    /// <summary>No write anywhere in the variable's scope: the declaring member, lambda or (primary constructor) type.</summary>
    private static bool NeverWritten(ISymbol variable, SemanticModel model, CancellationToken cancellationToken)
    {
        var declarations = variable.DeclaringSyntaxReferences;
        if (declarations.Length != 1 || declarations[0].SyntaxTree != model.SyntaxTree) return false;
        var declaration = declarations[0].GetSyntax(cancellationToken);
        SyntaxNode? scope = variable is IParameterSymbol
            ? declaration.Parent is SimpleLambdaExpressionSyntax lambda ? lambda : declaration.Parent?.Parent
            : EnclosingMember(declaration) ?? declaration.SyntaxTree.GetRoot(cancellationToken);
        return scope is not null && !Writes.AnyIn(scope, variable, model, cancellationToken);
    }

    /// <summary>A readonly field or get-only property assigned in a constructor after the registration.</summary>
    private static bool WrittenAfter(ISymbol member, SyntaxNode at, SemanticModel model, CancellationToken cancellationToken)
    {
        var body = EnclosingMember(at);
        return body is not null && Writes.AnyIn(body, member, model, cancellationToken, after: at.SpanStart);
    }

    // Top-level statements are each a member declaration, but their variables span the whole program.
    private static SyntaxNode? EnclosingMember(SyntaxNode node) =>
        node.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax and not GlobalStatementSyntax);

    /// <summary>A property with a compiler-generated backing field, so reading it has no code of its own.</summary>
    private static bool IsAutoProperty(IPropertySymbol property) =>
        property.ContainingType.GetMembers().OfType<IFieldSymbol>()
            .Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

    /// <summary>A lambda in a struct cannot capture <c>this</c>, which reading an instance member would need.</summary>
    public static bool NeedsThisInStruct(ExpressionSyntax? receiver, SemanticModel model, SyntaxNode at, CancellationToken cancellationToken)
    {
        var containingType = model.GetEnclosingSymbol(at.SpanStart, cancellationToken)?.ContainingType;
        if (containingType is null || !containingType.IsValueType) return false;
        if (receiver is null or ThisExpressionSyntax or BaseExpressionSyntax) return true;
        var root = receiver;
        while (root is MemberAccessExpressionSyntax access) root = access.Expression;
        if (root is ThisExpressionSyntax) return true;
        return model.GetSymbolInfo(root, cancellationToken).Symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false };
    }
}

/// <summary>
/// <c>var name = receiver;</c> before the registration's statement, so that the listener reads the current state
/// of the very source it was registered on (a call or <c>new</c> may give another one each time, an indexer may change).
/// </summary>
internal sealed class ReceiverLocal
{
    private ReceiverLocal(SyntaxNode statement, ExpressionSyntax receiver, string name, SyntaxTrivia newLine)
    {
        Statement = statement;
        Receiver = receiver;
        Name = name;
        _newLine = newLine;
    }

    private readonly SyntaxTrivia _newLine;

    /// <summary>The statement (or top-level <see cref="GlobalStatementSyntax"/>) the local goes before.</summary>
    public SyntaxNode Statement { get; }

    public ExpressionSyntax Receiver { get; }

    public string Name { get; }

    /// <summary>
    /// <c>var name = receiver;</c> with <paramref name="receiver"/> as rewritten: a listener registered inside it
    /// is fixed there too.
    /// </summary>
    public StatementSyntax DeclarationOf(ExpressionSyntax receiver) =>
        LocalDeclarationStatement(VariableDeclaration(IdentifierName("var"), SingletonSeparatedList(
                VariableDeclarator(Identifier(Name)).WithInitializer(EqualsValueClause(receiver.WithoutTrivia())))))
            .WithTrailingTrivia(_newLine)
            .WithAdditionalAnnotations(Formatter.Annotation);

    /// <summary>
    /// Null where the receiver cannot move in front of its statement without changing what runs first: the
    /// registration must be the statement, the value of a single local declaration or of an assignment to a name,
    /// in a block or top-level code (not an expression-bodied member). A struct receiver would be copied: null too.
    /// </summary>
    public static ReceiverLocal? For(
        ExpressionSyntax receiver, SyntaxNode registration, SemanticModel model, ISet<string> reservedNames,
        SyntaxTrivia newLine, CancellationToken cancellationToken)
    {
        var type = model.GetTypeInfo(receiver, cancellationToken).Type;
        if (type is null || type.TypeKind == TypeKind.Error || type.IsValueType || type.IsRefLikeType) return null;

        var value = registration;
        if (value.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax } assignment
            && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Right == value)
        {
            value = assignment;
        }
        StatementSyntax? statement = value.Parent switch
        {
            ExpressionStatementSyntax expression => expression,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } } => local,
            _ => null,
        };
        SyntaxNode? anchor = statement?.Parent switch
        {
            BlockSyntax or SwitchSectionSyntax => statement,
            GlobalStatementSyntax global => global,
            _ => null,
        };
        if (anchor is null) return null;

        var name = UnusedName(BaseName(type), anchor, model, reservedNames);
        reservedNames.Add(name);
        return new ReceiverLocal(anchor, receiver, name, newLine);
    }

    /// <summary>
    /// Every identifier written in the member around <paramref name="node"/> (the whole top-level code for a global
    /// statement): a new local or parameter of one of these names could clash with, or hide, what is already there.
    /// </summary>
    public static HashSet<string> NamesInMember(SyntaxNode node)
    {
        var scope = node.AncestorsAndSelf().FirstOrDefault(a =>
                a is MemberDeclarationSyntax and not (GlobalStatementSyntax or BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax))
            ?? node.SyntaxTree.GetRoot();
        return new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
    }

    /// <summary><c>Manager</c> → <c>manager</c>, <c>IOptionsMonitor&lt;T&gt;</c> → <c>optionsMonitor</c>.</summary>
    private static string BaseName(ITypeSymbol type)
    {
        var name = type.Name;
        if (type.TypeKind == TypeKind.Interface && name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1])) name = name.Substring(1);
        if (name.Length == 0 || !SyntaxFacts.IsValidIdentifier(name)) return "source";
        return char.ToLowerInvariant(name[0]) + name.Substring(1);
    }

    /// <summary>Not visible at the statement, declared nowhere in its member, no keyword, not taken by another fix.</summary>
    private static string UnusedName(string preferred, SyntaxNode anchor, SemanticModel model, ISet<string> reservedNames)
    {
        var declared = NamesInMember(anchor);
        var name = preferred;
        for (var suffix = 2;
             declared.Contains(name) || reservedNames.Contains(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
             || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None || !model.LookupSymbols(anchor.SpanStart, name: name).IsEmpty;
             suffix++)
        {
            name = preferred + suffix;
        }
        return name;
    }
}
