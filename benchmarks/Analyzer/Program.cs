using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using StaleSnapshot.Analyzers.Benchmarks;

if (args is ["check", var files])
{
    // What the analyzers report on one generated project, to see what the benchmark measures.
    foreach (var diagnostic in AnalyzerOverheadBenchmark.Analyze(GeneratedProject.Create(int.Parse(files))))
    {
        Console.WriteLine(diagnostic);
    }
    return;
}
if (args is ["callbacks", var size])
{
    // Where the analyzers' own time goes, analyzer by analyzer, on one generated project.
    var benchmark = new AnalyzerOverheadBenchmark { Files = int.Parse(size) };
    benchmark.Setup();
    benchmark.AnalyzerExecutionTimes();
    foreach (var (analyzer, time) in benchmark.AnalyzerExecutionTimes()) Console.WriteLine($"{analyzer}: {time.TotalSeconds:F3} s");
    return;
}
if (args is ["alloc", .. var allocationSizes])
{
    // Bytes allocated by one analysis with each analyzer set: steadier than time on a shared VM.
    foreach (var projectFiles in allocationSizes.Select(int.Parse))
    {
        var benchmark = new AnalyzerOverheadBenchmark { Files = projectFiles };
        benchmark.Setup();
        var allocations = benchmark.Allocations();
        foreach (var (analyzers, bytes) in allocations)
        {
            Console.WriteLine($"{projectFiles:N0} files, {analyzers}: {bytes / 1e6:F2} MB, {(double)bytes / allocations[0].Bytes:F4} of the empty analyzer");
        }
    }
    return;
}
if (args is ["flat", var rounds, .. var flatSizes])
{
    CpuTimeComparison.RunFlatness(flatSizes.Select(int.Parse).ToArray(), int.Parse(rounds));
    return;
}
if (args is ["cpu", .. var sizes])
{
    CpuTimeComparison.Run(sizes.Select(int.Parse).ToArray());
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(AnalyzerOverheadBenchmark).Assembly).Run(args);

namespace StaleSnapshot.Analyzers.Benchmarks
{
    /// <summary>
    /// Minutes, not hours: one process (in-process toolchain), one warm-up and three measured operations per case,
    /// each operation one full analysis of a fresh compilation (half a minute at 5,000 files, hence the long
    /// in-process timeout).
    /// </summary>
    internal sealed class ShortConfig : ManualConfig
    {
        public ShortConfig()
        {
            AddJob(Job.Default
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithInvocationCount(1)
                .WithUnrollFactor(1));
            WithOption(ConfigOptions.DisableOptimizationsValidator, false);
        }
    }
}
