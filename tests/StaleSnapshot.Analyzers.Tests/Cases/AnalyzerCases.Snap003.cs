namespace StaleSnapshot.Analyzers.Tests;

internal static partial class AnalyzerCases
{
    private const string OptionsPrelude = """
        using System;
        using System.Collections.Generic;
        using Microsoft.Extensions.Options;

        public class LimitsOptions { public int Limit { get; set; } }

        """;

    private static string Throttle(string registration, string monitorType = "IOptionsMonitor<LimitsOptions>", string members = "") => OptionsPrelude + $$"""
        class Throttle
        {
            private int _limit;
            private LimitsOptions? _options;
            private readonly Dictionary<string, LimitsOptions> _byName = new();
            {{members}}
            public Throttle({{monitorType}} monitor)
            {
                {{registration}};
            }
        }
        """;

    private static AnalyzerCase Options(string name, string registration, string current = "CurrentValue", string monitorType = "IOptionsMonitor<LimitsOptions>", string members = "") =>
        new(name, Throttle(registration, monitorType, members), DiagnosticIds.OptionsMonitorListener, ["IOptionsMonitor<LimitsOptions>", current]);

    public static IReadOnlyList<AnalyzerCase> Snap003Reported => field ??=
    [
        Options("OnChange(Action<T>) storing the options", "monitor.OnChange({|#0:options => _options = options|})"),
        Options("OnChange(Action<T, string>) storing by the name it was passed", "monitor.OnChange({|#0:(options, name) => _byName[name ?? \"\"] = options|})", "Get(name)"),
        Options("OnChange(Action<T, string>) ignoring the name", "monitor.OnChange({|#0:(options, _) => _limit = options.Limit|})"),
        Options("OnChange with a method group", "monitor.OnChange({|#0:Apply|})",
            members: "private void Apply(LimitsOptions options) { if (options.Limit > 0) _limit = options.Limit; }"),
        Options("OnChange on the concrete OptionsMonitor", "monitor.OnChange({|#0:(options, name) => _limit = options.Limit|})",
            monitorType: "OptionsMonitor<LimitsOptions>"),
        Options("OnChange with a listener kept in a local", "Action<LimitsOptions> onChange = options => _options = options; monitor.OnChange({|#0:onChange|})"),
        Options("OnChange in static call form with a named argument", "OptionsMonitorExtensions.OnChange(monitor, listener: {|#0:async options => { await System.Threading.Tasks.Task.Yield(); _options = options; }|})"),
    ];

    public static IReadOnlyList<AnalyzerCase> Snap003NotReported => field ??=
    [
        new("options listener re-reading CurrentValue", Throttle("monitor.OnChange(_ => _limit = monitor.CurrentValue.Limit)")),
        new("named options listener re-reading Get(name)", Throttle("monitor.OnChange((options, name) => _byName[name ?? \"\"] = monitor.Get(name))")),
        new("options only logged", Throttle("monitor.OnChange((options, name) => Console.WriteLine($\"{name}: {options.Limit}\"))")),
        new("options only compared with the current value", Throttle("monitor.OnChange(options => { if (options.Limit != monitor.CurrentValue.Limit) Console.WriteLine(\"stale\"); })")),
    ];
}
