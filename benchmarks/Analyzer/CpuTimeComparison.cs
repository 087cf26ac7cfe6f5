using System.Diagnostics;

namespace StaleSnapshot.Analyzers.Benchmarks;

/// <summary>
/// The same comparison as <see cref="AnalyzerOverheadBenchmark"/>, timed in processor time of this process
/// rather than wall-clock time: on a machine shared with other builds, wall-clock time mostly measures the
/// neighbours. Baseline and analyzers alternate, so drift hits both alike, and each round's two runs are
/// compared with each other (the paired ratio), so drift slower than a round cancels out.
/// </summary>
internal static class CpuTimeComparison
{
    // Processor time of one run varies by about ±10% on a shared VM: small projects get many rounds, since they
    // are cheap, large ones at least seven.
    private static int RoundsFor(int files) => Math.Clamp(15_000 / Math.Max(files, 1), 7, 41);

    // The callback time is a direct measure with its own noise: the median of three runs.
    private const int CallbackRuns = 3;

    public static void Run(int[] sizes)
    {
        Console.WriteLine("| Files | Rounds | Empty analyzer (CPU s, median) | StaleSnapshot (CPU s, median) | Ratio of medians | Paired ratio, median (quartiles) | CPU ms per file, empty | CPU ms per file, StaleSnapshot | In our callbacks (s) | Callbacks, ms per file | Callbacks / empty |");
        Console.WriteLine("|------:|------:|------:|------:|------:|:------:|------:|------:|------:|------:|------:|");
        foreach (var files in sizes)
        {
            var benchmark = new AnalyzerOverheadBenchmark { Files = files };
            benchmark.Setup();
            Measure(benchmark, b => b.EmptyAnalyzer());
            Measure(benchmark, b => b.StaleSnapshot());
            var rounds = RoundsFor(files);
            var empty = new List<double>();
            var ours = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which goes first, so whatever the first run of a round pays is shared.
                if (round % 2 == 0) empty.Add(Measure(benchmark, b => b.EmptyAnalyzer()));
                ours.Add(Measure(benchmark, b => b.StaleSnapshot()));
                if (round % 2 == 1) empty.Add(Measure(benchmark, b => b.EmptyAnalyzer()));
            }
            var paired = ours.Zip(empty, (o, e) => o / e).ToList();
            var callbacks = Median(Enumerable.Range(0, CallbackRuns)
                .Select(_ => benchmark.AnalyzerExecutionTimes().Sum(a => a.Time.TotalSeconds)).ToList());
            var emptyMedian = Median(empty);
            var oursMedian = Median(ours);
            Console.WriteLine(
                $"| {files:N0} | {rounds} | {emptyMedian:F2} | {oursMedian:F2} | {oursMedian / emptyMedian:F3} | " +
                $"{Median(paired):F3} ({Quantile(paired, 0.25):F3}–{Quantile(paired, 0.75):F3}) | " +
                $"{emptyMedian * 1000 / files:F2} | {oursMedian * 1000 / files:F2} | " +
                $"{callbacks:F3} | {callbacks * 1000 / files:F3} | {callbacks / emptyMedian:P1} |");
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

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(q * (sorted.Count - 1))];
    }
}
