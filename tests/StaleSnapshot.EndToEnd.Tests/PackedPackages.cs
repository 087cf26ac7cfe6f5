using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;
using StaleSnapshot.Tests.Shared;

namespace StaleSnapshot.EndToEnd.Tests;

/// <summary>
/// Both packages, packed once per test run from a copy of src/ (so the repository's own bin/ and obj/ stay
/// untouched) into a folder feed, with a version no earlier run used: the global packages folder can never
/// answer with a stale copy, and no registry download is needed.
/// </summary>
public sealed class PackedPackages : IAsyncLifetime
{
    public static readonly TimeSpan DotnetTimeout = TimeSpan.FromMinutes(5);

    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("stalesnapshot-e2e-").FullName;

    public string Version { get; } = "0.0.0-e2e-" + Guid.NewGuid().ToString("N")[..12];

    public string Feed => Path.Combine(WorkDirectory, "feed");

    private readonly List<string> _packageFolders = [];

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        var sources = Path.Combine(WorkDirectory, "repo");
        CopyTree(Repository.PathOf("src"), Path.Combine(sources, "src"));
        // The repository-wide build settings that src/ inherits.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "nuget.config" })
        {
            if (File.Exists(Repository.PathOf(name))) File.Copy(Repository.PathOf(name), Path.Combine(sources, name));
        }

        string[] properties = ["-c", "Release", "-o", Feed, $"-p:Version={Version}", "-p:ContinuousIntegrationBuild=true"];
        // Packing the runtime builds the analyzer package project too (it is a dependency); then pack that as built.
        await RunDotnetAsync(sources, ["pack", "src/Runtime/StaleSnapshot.Runtime.csproj", .. properties]);
        await RunDotnetAsync(sources, ["pack", "src/Package/StaleSnapshot.Analyzers.Package.csproj", "--no-build", .. properties]);
    }

    /// <summary>Remembers the global packages folder a consumer restored into, to remove this run's versions from it.</summary>
    public void RestoredFrom(string projectAssetsFile)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(projectAssetsFile));
        _packageFolders.AddRange(assets.RootElement.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name));
    }

    public Task DisposeAsync()
    {
        foreach (var folder in _packageFolders)
        {
            foreach (var id in new[] { "stalesnapshot.analyzers", "stalesnapshot.runtime" })
            {
                var versions = Path.Combine(folder, id);
                DeleteIfExists(Path.Combine(versions, Version));
                if (Directory.Exists(versions) && !Directory.EnumerateFileSystemEntries(versions).Any()) Directory.Delete(versions);
            }
        }

        DeleteIfExists(WorkDirectory);
        return Task.CompletedTask;
    }

    public static async Task<string> RunDotnetAsync(string workingDirectory, string[] arguments, int expectedExitCode = 0)
    {
        var (exitCode, output) = await DotnetProcess.RunAsync(workingDirectory, DotnetTimeout, arguments);
        Assert.True(exitCode == expectedExitCode, $"dotnet {string.Join(' ', arguments)} exited with {exitCode}:\n{output}");
        return output;
    }

    public static XElement ReadNuspec(ZipArchive package) =>
        XDocument.Load(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open())
            .Root!.Elements().Single(e => e.Name.LocalName == "metadata");

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj")) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class OutOfProcessCollection
{
    /// <summary>Tests that run builds and servers out of process share a 2-core machine: one at a time.</summary>
    public const string Name = "Out of process";
}
