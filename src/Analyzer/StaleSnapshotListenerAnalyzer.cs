using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// SNAP001: a listener registered on a source that may deliver snapshots out of order stores state derived
/// from the snapshot it was passed. Sources: OPA-shaped types and their events, <c>BehaviorSubject&lt;T&gt;</c>,
/// registrations marked <c>[SnapshotSource]</c> and those named in the configuration file.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class StaleSnapshotListenerAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc cref="ListenerCheck.CurrentStateMemberKey"/>
    public const string CurrentStateMemberKey = ListenerCheck.CurrentStateMemberKey;

    /// <inheritdoc cref="ListenerCheck.CurrentStateKindKey"/>
    public const string CurrentStateKindKey = ListenerCheck.CurrentStateKindKey;

    /// <inheritdoc cref="ListenerCheck.ParameterIndexKey"/>
    public const string ParameterIndexKey = ListenerCheck.ParameterIndexKey;

    /// <inheritdoc cref="ListenerCheck.ReadOnReceiverKey"/>
    public const string ReadOnReceiverKey = ListenerCheck.ReadOnReceiverKey;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.StaleSnapshotListener, Descriptors.StaleSnapshotListenerConfirmed);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var catalog = SourceCatalog.Create(start.Compilation, start.Options, start.CancellationToken);
            var bodies = new ListenerBodies(start.Compilation);
            var flow = new SnapshotFlow(start.Compilation, bodies);
            var checker = new Checker(bodies, flow, new SourceDeliveries(start.Compilation), new DelegateRetention(start.Compilation, bodies));
            start.RegisterSemanticModelAction(c =>
            {
                var scan = TreeScan.Of(c.SemanticModel, c.CancellationToken);
                foreach (var invocation in scan.Invocations) AnalyzeInvocation(c, invocation, catalog, checker);
                foreach (var subscription in scan.Subscriptions) AnalyzeSubscription(c, subscription, catalog, checker);
            });
        });
    }

    // Only calls and subscriptions whose name can be a registration are bound: the rest of the code costs
    // nothing beyond reading a name from syntax.
    private static void AnalyzeInvocation(
        SemanticModelAnalysisContext context, InvocationExpressionSyntax invocation, SourceCatalog catalog, Checker checker)
    {
        if (RegistrationSyntax.InvokedName(invocation) is not { } name || !catalog.MayRegister(name, context.CancellationToken)) return;
        if (context.SemanticModel.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation call) return;
        if (!call.Arguments.Any(a => ListenerBodies.IsDelegateValue(a.Value))) return;
        var match = catalog.ForInvocation(call);
        if (match is not null) checker.Check(context, match, call);
    }

    private static void AnalyzeSubscription(
        SemanticModelAnalysisContext context, AssignmentExpressionSyntax subscription, SourceCatalog catalog, Checker checker)
    {
        if (RegistrationSyntax.SubscribedName(subscription) is not { } name || !catalog.MayRegister(name, context.CancellationToken)) return;
        if (context.SemanticModel.GetOperation(subscription, context.CancellationToken) is not IEventAssignmentOperation assignment) return;
        var match = catalog.ForEvent(assignment);
        if (match is not null) checker.Check(context, match, assignment);
    }

    /// <summary>Per compilation: finds the storing listener, then asks the source's own code (SNAP002) for a verdict.</summary>
    private sealed class Checker
    {
        private readonly ListenerBodies _bodies;
        private readonly SnapshotFlow _flow;
        private readonly SourceDeliveries _deliveries;
        private readonly DelegateRetention _retention;

        public Checker(ListenerBodies bodies, SnapshotFlow flow, SourceDeliveries deliveries, DelegateRetention retention)
        {
            _bodies = bodies;
            _flow = flow;
            _deliveries = deliveries;
            _retention = retention;
        }

        public void Check(SemanticModelAnalysisContext context, SourceMatch match, IOperation registration)
        {
            var found = ListenerCheck.FirstStoring(match, _bodies, _flow, context.CancellationToken);
            if (found is null || IsVisitorCall(match, registration, found, context.CancellationToken)) return;
            var verdict = _deliveries.Of(match.SourceType, context.CancellationToken);
            if (verdict.Order == DeliveryOrder.Ordered) return;

            var currentState = ListenerCheck.Display(found.CurrentState);
            var diagnostic = ListenerCheck.Report(
                Descriptors.StaleSnapshotListener, match.SourceType, match.Receiver, found, registration, currentState);
            if (verdict is { Order: DeliveryOrder.Unordered, ConfirmedBy: { } delivery })
            {
                // Same location and properties (the fix needs them), the confirming message, and the delivery as
                // an additional location.
                diagnostic = Diagnostic.Create(
                    Descriptors.StaleSnapshotListenerConfirmed,
                    diagnostic.Location,
                    new[] { delivery.Location },
                    diagnostic.Properties,
                    match.SourceType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
                    currentState,
                    verdict.MethodName,
                    delivery.CapturedName,
                    delivery.LockName);
            }
            context.ReportDiagnostic(diagnostic);
        }

        // A shaped "registration" whose code only calls the listener before returning visits; it does not notify.
        private bool IsVisitorCall(SourceMatch match, IOperation registration, StoringListener found, CancellationToken cancellationToken) =>
            match.IsShaped && registration is IInvocationOperation call
            && call.Arguments.FirstOrDefault(a => a.Value == found.Handler)?.Parameter is { } parameter
            && _retention.IsVisitor(call.TargetMethod, parameter.Ordinal, cancellationToken);
    }
}
