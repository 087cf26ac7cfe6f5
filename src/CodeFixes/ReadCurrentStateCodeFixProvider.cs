using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using StaleSnapshot.Analyzers;

namespace StaleSnapshot.CodeFixes;

/// <summary>
/// SNAP001 fix: the listener ignores the snapshot it was passed and reads the source's current state instead.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(ReadCurrentStateCodeFixProvider))]
[Shared]
public sealed class ReadCurrentStateCodeFixProvider : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.StaleSnapshotListener);

    // One editor per document: every listener in it is rewritten against the same original tree.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var plan = ListenerRewrite.Plan(root, model, diagnostic, context.CancellationToken);
            if (plan is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Read '{plan.CurrentStateText}' instead of the passed snapshot",
                    ct => Task.FromResult(context.Document.WithSyntaxRoot(plan.Apply(root))),
                    equivalenceKey: nameof(ReadCurrentStateCodeFixProvider)),
                diagnostic);
        }
    }

    private static async Task<Document?> FixAllInDocumentAsync(
        FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return null;

        var plans = diagnostics
            .Select(d => ListenerRewrite.Plan(root, model, d, context.CancellationToken))
            .Where(p => p is not null)
            .Select(p => p!)
            .ToList();
        // A listener nested in another one is left for a second run: both rewrites cannot apply to one tree.
        var outermost = plans
            .Where(p => !plans.Any(other => other != p && other.Listener.Span.Contains(p.Listener.Span)))
            .ToList();
        if (outermost.Count == 0) return null;

        var newRoot = root.ReplaceNodes(
            outermost.Select(p => p.Listener),
            (original, _) => outermost.First(p => p.Listener == original).NewListener);
        return document.WithSyntaxRoot(newRoot);
    }
}
