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
/// The rewrite of a method group or local function: the registration changes, not the method (which may also be
/// called directly elsewhere). <c>Register(OnStatus)</c> becomes <c>Register(_ => OnStatus(source.Current))</c>,
/// the listener's other parameters passed through.
/// </summary>
internal sealed class MethodGroupRewrite : ListenerRewrite
{
    private readonly IMethodSymbol _invoke;
    private readonly IReadOnlyList<string> _parameterNames;
    private readonly ExpressionSyntax _read;
    private readonly bool _isInStaticContext;

    private MethodGroupRewrite(
        Registration registration, IMethodSymbol invoke, IReadOnlyList<string> parameterNames, ExpressionSyntax read,
        bool isInStaticContext, SyntaxTrivia newLine)
        : base(registration, newLine)
    {
        _invoke = invoke;
        _parameterNames = parameterNames;
        _read = read;
        _isInStaticContext = isInStaticContext;
    }

    public override string CurrentStateText => _read.ToString();

    /// <summary>An async method reads its parameter after its awaits: it is not rewritten (see <see cref="Plan"/>).</summary>
    public override bool IsAsync => false;

    public override bool IsInStaticContext => _isInStaticContext;

    public override ExpressionSyntax ReadCurrentState() => Lambda(Call());

    public override ExpressionSyntax ReadCurrentStateUnderLock(ExpressionSyntax gate) =>
        Lambda(NewBlock(LockOn(gate, NewBlock(StatementFor(Call(), _invoke.ReturnsVoid)))));

    private InvocationExpressionSyntax Call() =>
        InvocationExpression(
            Listener.WithoutTrivia(),
            ArgumentList(SeparatedList(_parameterNames.Select((name, i) =>
                Argument(i == Registration.Index ? _read : IdentifierName(name))))));

    private ExpressionSyntax Lambda(CSharpSyntaxNode body)
    {
        var parameters = _parameterNames.Select(name => Parameter(Identifier(name))).ToList();
        LambdaExpressionSyntax lambda = parameters.Count == 1
            ? SimpleLambdaExpression(parameters[0], body)
            : ParenthesizedLambdaExpression(ParameterList(SeparatedList(parameters)), body);
        return lambda.WithTriviaFrom(Listener).WithAdditionalAnnotations(Formatter.Annotation);
    }

    public static MethodGroupRewrite? Plan(Registration registration, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        var group = registration.Handler;
        if (group is not (SimpleNameSyntax or MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression })) return null;
        // Event arguments cannot be rebuilt around the current state: only a handler receiving the state itself is rewritten.
        if (registration.SnapshotMember is not null) return null;
        if (model.GetSymbolInfo(group, cancellationToken).Symbol is not IMethodSymbol method || method.IsAsync || method.IsExtensionMethod) return null;
        if (model.GetTypeInfo(group, cancellationToken).ConvertedType is not INamedTypeSymbol { DelegateInvokeMethod: { } invoke }) return null;
        if (invoke.Parameters.Length != method.Parameters.Length || registration.Index >= invoke.Parameters.Length
            || invoke.Parameters.Concat(method.Parameters).Any(p => p.RefKind != RefKind.None || p.IsParams))
        {
            return null;
        }
        var groupReceiver = group is MemberAccessExpressionSyntax access ? access.Expression : null;
        // With overloads (base types' and extension methods included), the call written in the lambda could pick
        // another method than the group did.
        var container = groupReceiver is null ? null : model.GetTypeInfo(groupReceiver, cancellationToken).Type;
        if (groupReceiver is not null && container is null) return null;
        if (model.LookupSymbols(group.SpanStart, container, method.Name, includeReducedExtensionMethods: true).Length != 1) return null;
        if (UsedAsDelegateElsewhere(method, group, root, model, cancellationToken)) return null;

        if (groupReceiver is not null && model.GetSymbolInfo(groupReceiver, cancellationToken).Symbol is not INamedTypeSymbol
            && !Registration.IsStable(groupReceiver, model, cancellationToken))
        {
            return null;
        }
        if (!method.IsStatic && method.MethodKind != MethodKind.LocalFunction
            && Registration.NeedsThisInStruct(groupReceiver, model, group, cancellationToken))
        {
            return null;
        }

        var taken = ReceiverLocal.NamesInMember(group);
        taken.UnionWith(registration.Read(null).DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        bool Free(string name) => !taken.Contains(name) && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None
            && model.LookupSymbols(group.SpanStart, name: name).IsEmpty;
        var names = new List<string>();
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            var preferred = i == registration.Index ? "_" : method.Parameters[i].Name;
            var name = preferred;
            for (var suffix = 2; !Free(name) || names.Contains(name); suffix++)
            {
                name = i == registration.Index ? name + "_" : preferred + suffix;
            }
            names.Add(name);
        }
        var nameArgument = registration.NameIndex is { } nameIndex && nameIndex < names.Count ? IdentifierName(names[nameIndex]) : null;
        if (registration.NameIndex is not null && nameArgument is null) return null;

        // Only the snapshot's very type: another one could pick another overload or infer other type arguments.
        ExpressionSyntax? nameToBind = registration.NameIndex is { } index
            ? DefaultExpression(ParseTypeName(invoke.Parameters[index].Type.ToMinimalDisplayString(model, group.SpanStart)))
            : null;
        var readType = model.GetSpeculativeTypeInfo(group.SpanStart, registration.ReadToBind(nameToBind), SpeculativeBindingOption.BindAsExpression).Type;
        if (readType is null || readType.TypeKind == TypeKind.Error
            || !SymbolEqualityComparer.Default.Equals(readType, invoke.Parameters[registration.Index].Type)
            || !SymbolEqualityComparer.Default.Equals(readType, method.Parameters[registration.Index].Type))
        {
            return null;
        }

        var isInStaticContext = RunsWithoutInstance(model.GetEnclosingSymbol(group.SpanStart, cancellationToken));
        return new MethodGroupRewrite(registration, invoke, names, registration.Read(nameArgument), isInStaticContext, LineBreaks.ElasticOf(root));
    }

    /// <summary>
    /// Another use of the method as a delegate in this file (<c>-= OnStatus</c>, <c>Unregister(OnStatus)</c>) may rely
    /// on delegate equality, which a lambda in its place would break.
    /// </summary>
    private static bool UsedAsDelegateElsewhere(IMethodSymbol method, ExpressionSyntax group, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken) =>
        root.DescendantNodes().OfType<SimpleNameSyntax>().Any(name =>
            name.Identifier.ValueText == method.Name
            && !group.Span.Contains(name.Span)
            && !IsInvoked(name)
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition, method.OriginalDefinition));

    private static bool IsInvoked(SimpleNameSyntax name)
    {
        SyntaxNode callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
        return callee.Parent is InvocationExpressionSyntax invocation && invocation.Expression == callee;
    }
}
