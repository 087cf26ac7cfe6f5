namespace StaleSnapshot.Tests.Shared;

/// <summary>Files of this repository, found from the test's output folder upwards.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("No Analyzers.sln above " + AppContext.BaseDirectory);
    }
}
