using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// SNAP003: an <c>IOptionsMonitor&lt;T&gt;.OnChange</c> listener (either overload) stores the options it was
/// passed instead of reading <c>CurrentValue</c>, or <c>Get(name)</c> when it handles named options.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OptionsMonitorListenerAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// Diagnostic property, set when the listener uses the options name it was passed: the index of that
    /// parameter, whose value is the argument of <c>Get</c> (the current-state member then).
    /// </summary>
    public const string NameParameterIndexKey = "NameParameterIndex";

    private const string OnChangeName = "OnChange";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.OptionsMonitorListener);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var monitor = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Options.IOptionsMonitor`1");
            var onChange = monitor?.GetMembers(OnChangeName).OfType<IMethodSymbol>().FirstOrDefault();
            if (monitor is null || onChange is null) return;
            var extensions = start.Compilation.GetTypeByMetadataName("Microsoft.Extensions.Options.OptionsMonitorExtensions")?
                .GetMembers(OnChangeName).OfType<IMethodSymbol>().ToImmutableHashSet<IMethodSymbol>(SymbolEqualityComparer.Default)
                ?? ImmutableHashSet<IMethodSymbol>.Empty;
            var bodies = new ListenerBodies(start.Compilation);
            var flow = new SnapshotFlow(start.Compilation, bodies);
            var catalog = new OptionsCatalog(monitor, onChange, extensions);
            start.RegisterSemanticModelAction(c =>
            {
                foreach (var invocation in TreeScan.Of(c.SemanticModel, c.CancellationToken).Invocations)
                {
                    Analyze(c, invocation, catalog, bodies, flow);
                }
            });
        });
    }

    private sealed class OptionsCatalog(INamedTypeSymbol monitor, IMethodSymbol onChange, ImmutableHashSet<IMethodSymbol> extensions)
    {
        /// <summary>For an OnChange call: its receiver, its listener argument and whether the listener gets the name.</summary>
        public (IOperation Receiver, IOperation Handler, bool Named)? Registration(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            if (method.Name != onChange.Name) return null;
            if (extensions.Contains(method.OriginalDefinition))
            {
                var receiver = Argument(call, 0);
                var handler = Argument(call, 1);
                return receiver is null || handler is null ? null : (ListenerBodies.Unwrap(receiver), handler, false);
            }
            if (call.Instance is null || !Implements(method)) return null;
            var named = Argument(call, 0);
            return named is null ? null : (ListenerBodies.Unwrap(call.Instance), named, true);
        }

        public INamedTypeSymbol? MonitorInterface(ITypeSymbol type) =>
            type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, monitor)
                ? named
                : type.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, monitor));

        private bool Implements(IMethodSymbol method)
        {
            if (SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, onChange)) return true;
            var type = method.ContainingType;
            var implemented = type is null ? null : MonitorInterface(type);
            if (implemented is null) return false;
            var member = implemented.GetMembers(onChange.Name).OfType<IMethodSymbol>()
                .FirstOrDefault(m => SymbolEqualityComparer.Default.Equals(m.OriginalDefinition, onChange));
            return member is not null && SymbolEqualityComparer.Default.Equals(type!.FindImplementationForInterfaceMember(member), method);
        }

        private static IOperation? Argument(IInvocationOperation call, int ordinal) =>
            call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;
    }

    private static void Analyze(
        SemanticModelAnalysisContext context, InvocationExpressionSyntax invocation, OptionsCatalog catalog, ListenerBodies bodies, SnapshotFlow flow)
    {
        // Only calls named OnChange are bound; the symbol check below decides.
        if (RegistrationSyntax.InvokedName(invocation) != OnChangeName) return;
        if (context.SemanticModel.GetOperation(invocation, context.CancellationToken) is not IInvocationOperation call) return;
        if (catalog.Registration(call) is not { } registration) return;
        if (registration.Receiver.Type is not { } receiverType || catalog.MonitorInterface(receiverType) is not { } monitor) return;
        var listener = bodies.Of(registration.Handler, context.CancellationToken);
        if (listener is null || listener.Parameters.Length == 0) return;

        var nameUsed = registration.Named && listener.Parameters.Length > 1 && Uses(listener, listener.Parameters[1]);
        var current = monitor.GetMembers(nameUsed ? "Get" : "CurrentValue").FirstOrDefault();
        if (current is null) return;
        var seed = new SnapshotSeed(listener.Parameters[0]);
        if (flow.FirstStore(listener, seed, current, context.CancellationToken) is null) return;

        var found = new StoringListener(registration.Handler, listener, parameterIndex: 0, current, snapshotMember: null);
        var extra = nameUsed
            ? ImmutableDictionary<string, string?>.Empty.Add(NameParameterIndexKey, "1")
            : null;
        context.ReportDiagnostic(ListenerCheck.Report(
            Descriptors.OptionsMonitorListener, monitor, registration.Receiver, found, call,
            nameUsed ? current.Name + "(" + listener.Parameters[1].Name + ")" : current.Name, extra));
    }

    private static bool Uses(Listener listener, IParameterSymbol parameter) =>
        listener.Body.DescendantsAndSelf().OfType<IParameterReferenceOperation>()
            .Any(p => SymbolEqualityComparer.Default.Equals(p.Parameter, parameter));
}
