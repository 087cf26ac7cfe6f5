using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleSnapshot.Tests.Shared;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>
/// Severities set the way users set them: .editorconfig, and the errors preset that the package ships
/// (read from src/Package/buildTransitive, so the test checks the file users get). The configuration files go
/// through the compiler's own AnalyzerConfigSet, as in a build: the testing library 1.1.4 applies lowered
/// severities from AnalyzerConfigFiles but neither raised ones (error) nor category-wide entries.
/// </summary>
public class SeverityConfigurationTests
{
    private const string ListenerFile = "/repo/src/Engine.cs";

    private static readonly string ErrorsPreset =
        File.ReadAllText(Repository.PathOf("src/Package/buildTransitive/StaleSnapshot.Errors.globalconfig"));

    [Fact]
    public async Task Without_configuration_SNAP001_is_a_warning() =>
        Assert.Equal([DiagnosticSeverity.Warning], await SeveritiesAsync());

    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    [InlineData("silent", DiagnosticSeverity.Hidden)]
    public async Task Editorconfig_sets_the_severity(string configured, DiagnosticSeverity expected) =>
        Assert.Equal([expected], await SeveritiesAsync(EditorConfig($"dotnet_diagnostic.SNAP001.severity = {configured}")));

    [Fact]
    public async Task Editorconfig_severity_none_turns_the_rule_off() =>
        Assert.Empty(await SeveritiesAsync(EditorConfig("dotnet_diagnostic.SNAP001.severity = none")));

    [Fact]
    public async Task Editorconfig_section_for_other_files_leaves_the_rule_alone() =>
        Assert.Equal(
            [DiagnosticSeverity.Warning],
            await SeveritiesAsync(EditorConfig("dotnet_diagnostic.SNAP001.severity = none", section: "[Generated/**.cs]")));

    [Fact]
    public async Task Editorconfig_category_entry_applies_to_SNAP001() =>
        Assert.Empty(await SeveritiesAsync(EditorConfig("dotnet_analyzer_diagnostic.category-Reliability.severity = none")));

    [Fact]
    public async Task The_errors_preset_makes_SNAP001_an_error() =>
        Assert.Equal([DiagnosticSeverity.Error], await SeveritiesAsync(AnalyzerConfig.Parse(ErrorsPreset, "/repo/.globalconfig")));

    [Fact]
    public async Task An_editorconfig_entry_wins_over_the_errors_preset() =>
        Assert.Equal(
            [DiagnosticSeverity.Info],
            await SeveritiesAsync(
                AnalyzerConfig.Parse(ErrorsPreset, "/repo/.globalconfig"),
                EditorConfig("dotnet_diagnostic.SNAP001.severity = suggestion")));

    private static AnalyzerConfig EditorConfig(string entry, string section = "[*.cs]") =>
        AnalyzerConfig.Parse($"root = true\n\n{section}\n{entry}\n", "/repo/.editorconfig");

    /// <summary>The severities of the SNAP001 diagnostics on one listener, under the given configuration files.</summary>
    private static async Task<DiagnosticSeverity[]> SeveritiesAsync(params AnalyzerConfig[] configFiles)
    {
        const string listener = """
            class Engine
            {
                private bool _healthy;
                public Engine(Manager manager) =>
                    manager.RegisterPluginStatusListener("health", statuses => _healthy = statuses.Count > 0);
            }
            """;
        var configs = AnalyzerConfigSet.Create(configFiles.ToImmutableArray());
        var fileOptions = configs.GetOptionsForSourcePath(ListenerFile);
        var tree = CSharpSyntaxTree.ParseText(Snap001AnalyzerTests.Source + listener, path: ListenerFile);
        var compilation = CSharpCompilation.Create(
            "Configured",
            [tree],
            References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithSyntaxTreeOptionsProvider(new ConfiguredSeverities(fileOptions.TreeOptions, configs.GlobalConfigOptions.TreeOptions)));
        var options = new AnalyzerOptions(
            [], new ConfiguredOptions(fileOptions.AnalyzerOptions, configs.GlobalConfigOptions.AnalyzerOptions));

        var diagnostics = await compilation
            .WithAnalyzers([new StaleSnapshotListenerAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync();

        Assert.All(diagnostics, d => Assert.Equal(DiagnosticIds.StaleSnapshotListener, d.Id));
        return [.. diagnostics.Select(d => d.Severity)];
    }

    /// <summary>Per-file entries first, then the global configuration's, as the compiler reads them.</summary>
    private sealed class ConfiguredSeverities(
        ImmutableDictionary<string, ReportDiagnostic> file, ImmutableDictionary<string, ReportDiagnostic> global)
        : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            file.TryGetValue(diagnosticId, out severity);

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            global.TryGetValue(diagnosticId, out severity);
    }

    private sealed class ConfiguredOptions(ImmutableDictionary<string, string> file, ImmutableDictionary<string, string> global)
        : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(file);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(file);
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
