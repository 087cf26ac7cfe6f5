using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using System.Xml.Linq;

namespace StaleSnapshot.EndToEnd.Tests;

/// <summary>The packages as users get them: their layout and metadata, and a fresh project that installs them.</summary>
[Collection(OutOfProcessCollection.Name)]
public class PackageTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    private const string AnalyzerPackage = "StaleSnapshot.Analyzers";
    private const string RuntimePackage = "StaleSnapshot.Runtime";
    private const string HelpLink = "https://github.com/stalesnapshot/stalesnapshot/blob/main/docs/rules/SNAP001.md";

    [Fact]
    public void Analyzer_package_holds_the_analyzer_and_fixes_only_and_is_a_development_dependency()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath(AnalyzerPackage));
        var files = package.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("analyzers/dotnet/cs/StaleSnapshot.Analyzers.dll", files);
        Assert.Contains("analyzers/dotnet/cs/StaleSnapshot.CodeFixes.dll", files);
        Assert.DoesNotContain(files, f => f.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Contains("buildTransitive/StaleSnapshot.Errors.globalconfig", files);
        var nuspec = PackedPackages.ReadNuspec(package);
        Assert.Equal("true", Value(nuspec, "developmentDependency"));
        Assert.Empty(nuspec.Elements().Where(e => e.Name.LocalName == "dependencies").Elements());
        AssertDescribed(nuspec, files);
    }

    [Fact]
    public void Runtime_package_depends_on_the_analyzer_package_with_its_analyzers_flowing_to_consumers()
    {
        using var package = ZipFile.OpenRead(packages.PackagePath(RuntimePackage));
        var files = package.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("lib/net8.0/StaleSnapshot.Runtime.dll", files);
        Assert.Contains("lib/netstandard2.0/StaleSnapshot.Runtime.dll", files);
        Assert.DoesNotContain(files, f => f.StartsWith("analyzers/", StringComparison.Ordinal));
        var nuspec = PackedPackages.ReadNuspec(package);
        var groups = nuspec.Elements().Single(e => e.Name.LocalName == "dependencies").Elements().ToList();
        Assert.Equal(2, groups.Count);
        Assert.All(groups, group =>
        {
            var analyzer = group.Elements().Single(d => (string?)d.Attribute("id") == AnalyzerPackage);
            Assert.Equal(packages.Version, (string?)analyzer.Attribute("version"));
            // NuGet's default for a dependency, exclude="Build,Analyzers", would stop the analyzer at the runtime.
            Assert.DoesNotContain("Analyzers", (string?)analyzer.Attribute("exclude") ?? "", StringComparison.OrdinalIgnoreCase);
            var included = ((string?)analyzer.Attribute("include") ?? "All").Split(',');
            Assert.True(
                included.Contains("All") || (included.Contains("Analyzers") && included.Contains("BuildTransitive")),
                $"The analyzers and the errors preset must flow to consumers, but only {string.Join(',', included)} do");
        });
        AssertDescribed(nuspec, files);
    }

    [Fact]
    public void Packed_assemblies_are_built_deterministically()
    {
        foreach (var id in new[] { AnalyzerPackage, RuntimePackage })
        {
            using var package = ZipFile.OpenRead(packages.PackagePath(id));
            var assemblies = package.Entries.Where(e => e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(assemblies);
            foreach (var entry in assemblies)
            {
                using var copy = new MemoryStream();
                using (var stream = entry.Open()) stream.CopyTo(copy);
                copy.Position = 0;
                using var pe = new PEReader(copy);
                // The compiler writes this entry only for a deterministic build.
                Assert.Contains(pe.ReadDebugDirectory(), d => d.Type == DebugDirectoryEntryType.Reproducible);
            }
        }
    }

    [Fact]
    public async Task A_consumer_sees_SNAP001_in_build_and_SARIF_then_dotnet_format_fixes_it()
    {
        var consumer = Directory.CreateDirectory(Path.Combine(packages.WorkDirectory, "consumer")).FullName;
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), NuGetConfig);
        File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"), ProjectFile(packages.Version));
        var source = Path.Combine(consumer, "StatusBoard.cs");
        File.WriteAllText(source, ConsumerSource);
        var (line, column) = PositionOf(ConsumerSource, Listener);

        // The build reports the listener, in the console and in a SARIF 2.1 log with the rule's help link.
        var sarif = Path.Combine(consumer, "build.sarif");
        var output = await PackedPackages.RunDotnetAsync(consumer, ["build", $"-p:ErrorLog={sarif}%2Cversion=2.1"]);
        packages.RestoredFrom(Path.Combine(consumer, "obj", "project.assets.json"));
        Assert.Contains($"StatusBoard.cs({line},{column}): warning SNAP001", output);
        var results = SnapResults(sarif);
        var region = Assert.Single(results).GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal((line, column), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32()));
        Assert.Equal(HelpLink, RuleHelpUri(sarif, "SNAP001"));

        // The packaged preset turns it into an error that fails the build.
        output = await PackedPackages.RunDotnetAsync(
            consumer, ["build", "--no-restore", "--no-incremental", "-p:StaleSnapshotTreatAsErrors=true"], expectedExitCode: 1);
        Assert.Contains($"StatusBoard.cs({line},{column}): error SNAP001", output);

        await PackedPackages.RunDotnetAsync(
            consumer, ["format", "analyzers", "Consumer.csproj", "--diagnostics", "SNAP001", "--severity", "warn", "--no-restore"]);
        Assert.Equal(ConsumerSource.Replace(Listener, FixedListener), File.ReadAllText(source));

        output = await PackedPackages.RunDotnetAsync(consumer, ["build", "--no-restore", "--no-incremental", $"-p:ErrorLog={sarif}%2Cversion=2.1"]);
        Assert.DoesNotContain("SNAP001", output);
        Assert.Empty(SnapResults(sarif));
    }

    private static void AssertDescribed(XElement nuspec, IReadOnlyList<string> files)
    {
        Assert.Equal("MIT", Value(nuspec, "license"));
        Assert.Equal("expression", (string?)nuspec.Elements().Single(e => e.Name.LocalName == "license").Attribute("type"));
        Assert.False(string.IsNullOrWhiteSpace(Value(nuspec, "description")));
        Assert.False(string.IsNullOrWhiteSpace(Value(nuspec, "tags")));
        Assert.Contains(Value(nuspec, "readme"), files);
        var repository = nuspec.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("https://github.com/stalesnapshot/stalesnapshot", (string?)repository.Attribute("url"));
        Assert.Equal("https://github.com/stalesnapshot/stalesnapshot", Value(nuspec, "projectUrl"));
    }

    private static string? Value(XElement nuspec, string name) =>
        nuspec.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    private static List<JsonElement> SnapResults(string sarifFile)
    {
        using var log = JsonDocument.Parse(File.ReadAllText(sarifFile));
        Assert.Equal("2.1.0", log.RootElement.GetProperty("version").GetString());
        return [.. log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("ruleId").GetString() == "SNAP001")
            .Select(r => r.Clone())];
    }

    private static string? RuleHelpUri(string sarifFile, string id)
    {
        using var log = JsonDocument.Parse(File.ReadAllText(sarifFile));
        return log.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules")
            .EnumerateArray().Single(r => r.GetProperty("id").GetString() == id)
            .GetProperty("helpUri").GetString();
    }

    /// <summary>1-based line and column, as the compiler and SARIF count them.</summary>
    private static (int Line, int Column) PositionOf(string text, string fragment)
    {
        var offset = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"'{fragment}' not found");
        var before = text[..offset];
        return (before.Count(c => c == '\n') + 1, offset - before.LastIndexOf('\n'));
    }

    // Relative to this file; the sources of the user's own configuration stay in use for anything else.
    private const string NuGetConfig = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="stalesnapshot-e2e" value="../feed" />
          </packageSources>
        </configuration>
        """;

    private static string ProjectFile(string version) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="StaleSnapshot.Runtime" Version="{version}" />
            <PackageReference Include="StaleSnapshot.Analyzers" Version="{version}" PrivateAssets="all" />
          </ItemGroup>
        </Project>
        """;

    private const string Listener = "statuses => _healthy = statuses.Values.All(s => s.State == PluginState.Ok)";
    private const string FixedListener = "_ => _healthy = board.Current().Values.All(s => s.State == PluginState.Ok)";

    /// <summary>A status source written the naive way, with the runtime's status types, and a listener on it.</summary>
    private const string ConsumerSource = $$"""
        using StaleSnapshot.Runtime;

        namespace Consumer;

        public sealed class StatusBoard
        {
            private readonly object _gate = new();
            private readonly Dictionary<string, PluginStatus> _statuses = new();
            private readonly List<Action<IReadOnlyDictionary<string, PluginStatus>>> _listeners = new();

            public void RegisterListener(Action<IReadOnlyDictionary<string, PluginStatus>> listener)
            {
                lock (_gate) _listeners.Add(listener);
            }

            public IReadOnlyDictionary<string, PluginStatus> Current()
            {
                lock (_gate) return new Dictionary<string, PluginStatus>(_statuses);
            }

            public void Update(string plugin, PluginStatus status)
            {
                Action<IReadOnlyDictionary<string, PluginStatus>>[] listeners;
                Dictionary<string, PluginStatus> snapshot;
                lock (_gate)
                {
                    _statuses[plugin] = status;
                    listeners = _listeners.ToArray();
                    snapshot = new Dictionary<string, PluginStatus>(_statuses);
                }

                // Called after releasing the lock: two updates can deliver their snapshots in either order.
                foreach (var listener in listeners) listener(snapshot);
            }
        }

        public sealed class HealthCheck
        {
            private bool _healthy;

            public HealthCheck(StatusBoard board)
            {
                board.RegisterListener({{Listener}});
            }

            public bool IsHealthy => _healthy;
        }
        """;
}
