using System.Diagnostics;

namespace StaleSnapshot.Analyzers.Benchmarks;

/// <summary>
/// The same comparison as <see cref="AnalyzerOverheadBenchmark"/>, timed in processor time of this process
/// rather than wall-clock time: on a machine shared with other builds, wall-clock time mostly measures the
/// neighbours. Baseline and analyzers alternate, so drift hits both alike.
/// </summary>
internal static class CpuTimeComparison
{
    // Processor time still varies by ±10% between runs of the same analysis here (GC, cache): enough rounds for
    // medians and minimums (noise only ever adds time) to agree.
    private const int Rounds = 7;

    public static void Run(int[] sizes)
    {
        Console.WriteLine("| Files | Empty analyzer (CPU s, median) | StaleSnapshot (CPU s, median) | Ratio of medians | Ratio of minimums | CPU ms per file, empty | CPU ms per file, StaleSnapshot | In our callbacks (s) | Callbacks / empty |");
        Console.WriteLine("|------:|------:|------:|------:|------:|------:|------:|------:|------:|");
        foreach (var files in sizes)
        {
            var benchmark = new AnalyzerOverheadBenchmark { Files = files };
            benchmark.Setup();
            Measure(benchmark, b => b.EmptyAnalyzer());
            Measure(benchmark, b => b.StaleSnapshot());
            var empty = new List<double>();
            var ours = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                // Alternate which goes first, so whatever the first run of a round pays is shared.
                if (round % 2 == 0) empty.Add(Measure(benchmark, b => b.EmptyAnalyzer()));
                ours.Add(Measure(benchmark, b => b.StaleSnapshot()));
                if (round % 2 == 1) empty.Add(Measure(benchmark, b => b.EmptyAnalyzer()));
            }
            var emptyMedian = Median(empty);
            var oursMedian = Median(ours);
            var callbacks = benchmark.AnalyzerExecutionTimes().Sum(a => a.Time.TotalSeconds);
            Console.WriteLine($"| {files:N0} | {emptyMedian:F2} | {oursMedian:F2} | {oursMedian / emptyMedian:F3} | {ours.Min() / empty.Min():F3} | {emptyMedian * 1000 / files:F2} | {oursMedian * 1000 / files:F2} | {callbacks:F3} | {callbacks / emptyMedian:P1} |");
        }
    }

    private static double Measure(AnalyzerOverheadBenchmark benchmark, Func<AnalyzerOverheadBenchmark, int> run)
    {
        benchmark.FreshCompilation();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        run(benchmark);
        process.Refresh();
        return (process.TotalProcessorTime - before).TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
