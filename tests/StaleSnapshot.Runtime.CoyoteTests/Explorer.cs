using Microsoft.Coyote;
using Microsoft.Coyote.SystematicTesting;
using Xunit.Abstractions;

namespace StaleSnapshot.Runtime.CoyoteTests;

/// <summary>Runs one concurrency test under Coyote's scheduler for many interleavings.</summary>
internal static class Explorer
{
    /// <summary>Fixed, so a failure here reproduces on every machine with the same schedule.</summary>
    public const uint Seed = 20260307;

    public static TestingEngine Run(Func<Task> test, uint iterations, ITestOutputHelper output, uint seed = Seed, string? trace = null)
    {
        var configuration = Configuration.Create()
            .WithTestingIterations(iterations)
            .WithRandomGeneratorSeed(seed)
            .WithPrioritizationStrategy(isFair: false, priorityChangeBound: 10)
            .WithMaxSchedulingSteps(5_000)
            // Concurrency Coyote does not control would make schedules unrepeatable: fail on it instead.
            .WithPartiallyControlledConcurrencyAllowed(false)
            .WithTelemetryEnabled(false);
        if (trace is not null) configuration = configuration.WithReproducibleTrace(trace);
        var engine = TestingEngine.Create(configuration, test);
        engine.Run();
        var report = engine.TestReport;
        output.WriteLine(
            $"{report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths} interleavings explored, " +
            $"{report.NumOfFoundBugs} bug(s), up to {report.MaxConcurrencyDegree} concurrent operations, " +
            $"{report.TotalControlledOperations} controlled operations");
        foreach (var bug in report.BugReports) output.WriteLine(bug);
        return engine;
    }

    public static void AssertNoBug(TestingEngine engine)
    {
        var report = engine.TestReport;
        Assert.True(report.NumOfFoundBugs == 0, string.Join(Environment.NewLine, report.BugReports) + Environment.NewLine + engine.ReadableTrace);
        Assert.Empty(report.UncontrolledInvocations);
    }
}
