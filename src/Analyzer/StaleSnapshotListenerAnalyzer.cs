using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
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
        ImmutableArray.Create(Descriptors.StaleSnapshotListener);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var catalog = SourceCatalog.Create(start.Compilation, start.Options, start.CancellationToken);
            var bodies = new ListenerBodies(start.Compilation);
            var flow = new SnapshotFlow(start.Compilation, bodies);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, catalog, bodies, flow), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeEventAssignment(c, catalog, bodies, flow), OperationKind.EventAssignment);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, SourceCatalog catalog, ListenerBodies bodies, SnapshotFlow flow)
    {
        var call = (IInvocationOperation)context.Operation;
        // Most calls pass no delegate: leave before resolving anything.
        if (!call.Arguments.Any(a => ListenerBodies.Unwrap(a.Value) is IDelegateCreationOperation)) return;
        var match = catalog.ForInvocation(call);
        if (match is not null) Check(context, match, call, bodies, flow);
    }

    private static void AnalyzeEventAssignment(OperationAnalysisContext context, SourceCatalog catalog, ListenerBodies bodies, SnapshotFlow flow)
    {
        var match = catalog.ForEvent((IEventAssignmentOperation)context.Operation);
        if (match is not null) Check(context, match, context.Operation, bodies, flow);
    }

    private static void Check(OperationAnalysisContext context, SourceMatch match, IOperation registration, ListenerBodies bodies, SnapshotFlow flow)
    {
        var found = ListenerCheck.FirstStoring(match, bodies, flow, context.CancellationToken);
        if (found is null) return;
        context.ReportDiagnostic(ListenerCheck.Report(
            Descriptors.StaleSnapshotListener, match.SourceType, match.Receiver, found, registration, ListenerCheck.Display(found.CurrentState)));
    }
}
