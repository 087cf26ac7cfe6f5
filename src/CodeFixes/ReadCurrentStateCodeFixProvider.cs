using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using StaleSnapshot.Analyzers;

namespace StaleSnapshot.CodeFixes;

/// <summary>
/// SNAP001 and SNAP003 fixes. First (what <c>dotnet format analyzers</c> applies): the listener ignores the snapshot it was
/// passed and reads the source's current state. Second, strict: it also reads and stores under a lock of its own.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReadCurrentStateCodeFixProvider))]
[Shared]
public sealed class ReadCurrentStateCodeFixProvider : CodeFixProvider
{
    public const string ReadCurrentStateKey = "StaleSnapshot.ReadCurrentState";
    public const string ReadCurrentStateUnderLockKey = "StaleSnapshot.ReadCurrentStateUnderLock";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DiagnosticIds.StaleSnapshotListener, DiagnosticIds.OptionsMonitorListener);

    // One pass per document: every listener in it is rewritten against the same original tree.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        (context, document, diagnostics) => FixDocumentAsync(
            document, diagnostics, context.CodeActionEquivalenceKey == ReadCurrentStateUnderLockKey, context.CancellationToken));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var rewrite = ListenerRewrite.Plan(root, model, diagnostic, new HashSet<string>(), context.CancellationToken);
            if (rewrite is null) continue;
            var single = ImmutableArray.Create(diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Read '{rewrite.CurrentStateText}' instead of the passed snapshot",
                    ct => FixDocumentAsync(context.Document, single, underLock: false, ct)!,
                    ReadCurrentStateKey),
                diagnostic);
            if (ListenerLocks.CanLock(rewrite, model, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Read '{rewrite.CurrentStateText}' and store under a lock, instead of the passed snapshot",
                        ct => FixDocumentAsync(context.Document, single, underLock: true, ct)!,
                        ReadCurrentStateUnderLockKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> FixDocumentAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, bool underLock, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return document;

        // Locals introduced for receivers get distinct names across the document.
        var reservedNames = new HashSet<string>();
        var rewrites = diagnostics
            .Select(d => ListenerRewrite.Plan(root, model, d, reservedNames, cancellationToken))
            .Where(r => r is not null)
            .Select(r => r!)
            .ToList();
        // A listener nested in another one is left for a second run: both rewrites cannot apply to one tree.
        var outermost = rewrites
            .Where(r => !rewrites.Any(other => other != r && other.Listener.Span.Contains(r.Listener.Span)))
            .Where(r => !underLock || ListenerLocks.CanLock(r, model, cancellationToken))
            .ToList();
        if (outermost.Count == 0) return document;

        var edits = new SyntaxEdits();
        if (underLock)
        {
            ListenerLocks.Apply(edits, root, model, outermost, cancellationToken);
        }
        else
        {
            foreach (var rewrite in outermost)
            {
                var listener = rewrite.ReadCurrentState();
                edits.Replace(rewrite.Listener, _ => listener);
            }
        }
        foreach (var hoisted in outermost.Select(r => r.Registration.Hoisted))
        {
            if (hoisted is null) continue;
            // The local takes the receiver with the edits inside it: a listener registered within it is fixed too.
            var receiver = hoisted.Receiver;
            edits.Replace(hoisted.Receiver, rewritten =>
            {
                receiver = (ExpressionSyntax)rewritten;
                return SyntaxFactory.IdentifierName(hoisted.Name).WithTriviaFrom(hoisted.Receiver);
            });
            edits.InsertBefore(hoisted.Statement, () => hoisted.DeclarationOf(receiver));
        }
        var newRoot = edits.Apply(root);
        return await FormatWithDocumentLineBreaksAsync(document.WithSyntaxRoot(newRoot), LineBreaks.Of(root).ToString(), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Lays out the new code now, with the document's own line break: the clean-up after a code action would
    /// otherwise use the workspace default and put LF lines into a CRLF file (or the reverse).
    /// </summary>
    private static async Task<Document> FormatWithDocumentLineBreaksAsync(Document document, string newLine, CancellationToken cancellationToken)
    {
        var documentOptions = await document.GetOptionsAsync(cancellationToken).ConfigureAwait(false);
        var options = documentOptions.WithChangedOption(FormattingOptions.NewLine, LanguageNames.CSharp, newLine);
        return await Formatter.FormatAsync(document, Formatter.Annotation, options, cancellationToken).ConfigureAwait(false);
    }
}
