using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using StaleSnapshot.Tests.Shared;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>
/// Every rule the analyzer assembly exports, whatever its analyzer: its help link reaches its page in this
/// repository, the rules index lists it, and the release tracking files list exactly these rules.
/// </summary>
public class DescriptorTests
{
    private const string HelpLinkBase = "https://github.com/stalesnapshot/stalesnapshot/blob/main/";

    /// <summary>Descriptors the analyzers support, plus any declared as a static field, even if no analyzer reports it.</summary>
    private static IReadOnlyList<DiagnosticDescriptor> Exported { get; } = FindExported();

    public static TheoryData<string> RuleIds => [.. Exported.Select(d => d.Id).Distinct()];

    [Fact]
    public void The_analyzer_assembly_exports_rules() => Assert.NotEmpty(Exported);

    /// <summary>A rule may have several messages (SNAP001 confirmed by its source's code), each its own descriptor: they are one rule.</summary>
    [Fact]
    public void Descriptors_sharing_an_id_are_one_rule() =>
        Assert.All(Exported.GroupBy(d => d.Id), group => Assert.Single(group
            .Select(d => (d.Title.ToString(), d.Category, ReleaseTracking.SeverityOf(d), d.HelpLinkUri, d.Description.ToString()))
            .Distinct()));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Help_link_leads_to_the_rule_page_in_this_repository(string id)
    {
        var descriptor = Exported.First(d => d.Id == id);

        Assert.Equal(HelpLinkBase + $"docs/rules/{id}.md", descriptor.HelpLinkUri);
        var page = Repository.PathOf(descriptor.HelpLinkUri.Substring(HelpLinkBase.Length));
        Assert.True(File.Exists(page), $"{id}'s help link points to {page}, which does not exist");
        Assert.StartsWith($"# {id}", File.ReadLines(page).First());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void The_rules_index_links_the_rule_page(string id)
    {
        var index = File.ReadAllText(Repository.PathOf("docs/rules/README.md"));

        Assert.Contains($"]({id}.md)", index);
    }

    [Fact]
    public void Release_tracking_lists_exactly_the_exported_rules_with_their_category_and_severity()
    {
        var tracked = ReleaseTracking.Read(
            File.ReadAllText(Repository.PathOf("src/Analyzer/AnalyzerReleases.Shipped.md")),
            File.ReadAllText(Repository.PathOf("src/Analyzer/AnalyzerReleases.Unshipped.md")));

        var exported = Exported.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => (g.First().Category, Severity: ReleaseTracking.SeverityOf(g.First())));
        Assert.Equal(exported.Keys.Order(), tracked.Keys.Order());
        Assert.All(exported, rule => Assert.Equal(rule.Value, tracked[rule.Key]));
    }

    [Fact]
    public void Release_tracking_reads_added_changed_and_removed_rules()
    {
        const string shipped = """
            ## Release 1.0

            ### New Rules

            Rule ID | Category | Severity | Notes
            --------|----------|----------|-------
            ABC001 | Reliability | Warning | A
            ABC002 | Usage | Info | B
            """;
        const string unshipped = """
            ### Removed Rules

            Rule ID | Category | Severity | Notes
            --------|----------|----------|-------
            ABC002 | Usage | Info | B

            ### Changed Rules

            Rule ID | New Category | New Severity | Old Category | Old Severity | Notes
            --------|--------------|--------------|--------------|--------------|-------
            ABC001 | Design | Error | Reliability | Warning | A
            """;

        var tracked = ReleaseTracking.Read(shipped, unshipped);

        Assert.Equal(("Design", "Error"), Assert.Single(tracked, rule => rule.Key == "ABC001").Value);
        Assert.DoesNotContain("ABC002", tracked.Keys);
    }

    private static IReadOnlyList<DiagnosticDescriptor> FindExported()
    {
        var types = typeof(StaleSnapshotListenerAnalyzer).Assembly.GetTypes();
        var supported = types
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics);
        var declared = types
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
        return [.. supported.Concat(declared).Distinct()];
    }
}

/// <summary>The rules that AnalyzerReleases.Shipped.md then .Unshipped.md leave in force, in the format RS2000-RS2008 check.</summary>
internal static class ReleaseTracking
{
    public static string SeverityOf(DiagnosticDescriptor descriptor) =>
        descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled";

    public static Dictionary<string, (string Category, string Severity)> Read(params string[] filesInReleaseOrder)
    {
        var rules = new Dictionary<string, (string Category, string Severity)>();
        foreach (var file in filesInReleaseOrder)
        {
            var section = "";
            foreach (var line in file.Split('\n').Select(l => l.Trim()))
            {
                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    section = line.Substring(4).Trim();
                    continue;
                }

                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length < 3 || !Regex.IsMatch(cells[0], "^[A-Za-z]+[0-9]+$")) continue;
                switch (section)
                {
                    case "New Rules":
                    case "Changed Rules":
                        rules[cells[0]] = (cells[1], cells[2]);
                        break;
                    case "Removed Rules":
                        rules.Remove(cells[0]);
                        break;
                    default:
                        throw new InvalidOperationException($"Rule row outside a known section: {line}");
                }
            }
        }

        return rules;
    }
}
