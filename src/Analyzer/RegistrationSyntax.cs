using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace StaleSnapshot.Analyzers;

/// <summary>The name a call or an event subscription uses, read from syntax alone, to skip binding unrelated code.</summary>
internal static class RegistrationSyntax
{
    public static string? InvokedName(InvocationExpressionSyntax invocation) => NameOf(invocation.Expression);

    public static string? SubscribedName(AssignmentExpressionSyntax subscription) => NameOf(subscription.Left);

    private static string? NameOf(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };
}
