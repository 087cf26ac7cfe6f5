using System.Diagnostics;

namespace StaleSnapshot.Analyzers.Benchmarks;

/// <summary>
/// The same comparison as <see cref="AnalyzerOverheadBenchmark"/>, timed in processor time of this process
/// rather than wall-clock time: on a machine shared with other builds, wall-clock time mostly measures the
/// neighbours. Baseline, analyzers and the no-op node analyzer take turns, so drift hits all alike, and each
/// round's runs are compared with each other (the paired ratio), so drift slower than a round cancels out.
/// Next to the time, the bytes each run allocates: they vary by about 2% between runs of the same work, where
/// time varies by 5-15% on a shared VM.
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
        Console.WriteLine("| Files | Rounds | Empty analyzer (CPU s, median) | StaleSnapshot (CPU s, median) | Ratio of medians | Paired ratio, median (quartiles) | CPU ms per file, empty | CPU ms per file, StaleSnapshot | In our callbacks (s) | Callbacks, ms per file | Callbacks / empty | No-op node analyzer (CPU s, median) | Paired ratio over it, median (quartiles) | Allocated MB: empty, StaleSnapshot, no-op node | Allocated, StaleSnapshot / empty |");
        Console.WriteLine("|------:|------:|------:|------:|------:|:------:|------:|------:|------:|------:|------:|------:|:------:|:------:|------:|");
        Func<AnalyzerOverheadBenchmark, int>[] runs = [b => b.EmptyAnalyzer(), b => b.StaleSnapshot(), b => b.NoOpNodeAnalyzer()];
        foreach (var files in sizes)
        {
            var benchmark = new AnalyzerOverheadBenchmark { Files = files };
            benchmark.Setup();
            foreach (var run in runs) Measure(benchmark, run);
            var allocated = new long[runs.Length];
            var rounds = RoundsFor(files);
            var times = runs.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round < rounds; round++)
            {
                // Rotate which goes first, so whatever the first run of a round pays is shared.
                for (var step = 0; step < runs.Length; step++)
                {
                    var which = (round + step) % runs.Length;
                    var (seconds, bytes) = Measure(benchmark, runs[which]);
                    times[which].Add(seconds);
                    allocated[which] = bytes; // the last round's is kept
                }
            }
            var (empty, ours, noOpNode) = (times[0], times[1], times[2]);
            var paired = ours.Zip(empty, (o, e) => o / e).ToList();
            var pairedOverNode = ours.Zip(noOpNode, (o, n) => o / n).ToList();
            var callbacks = Median(Enumerable.Range(0, CallbackRuns)
                .Select(_ => benchmark.AnalyzerExecutionTimes().Sum(a => a.Time.TotalSeconds)).ToList());
            var emptyMedian = Median(empty);
            var oursMedian = Median(ours);
            Console.WriteLine(
                $"| {files:N0} | {rounds} | {emptyMedian:F2} | {oursMedian:F2} | {oursMedian / emptyMedian:F3} | {Spread(paired)} | " +
                $"{emptyMedian * 1000 / files:F2} | {oursMedian * 1000 / files:F2} | " +
                $"{callbacks:F3} | {callbacks * 1000 / files:F3} | {callbacks / emptyMedian:P1} | " +
                $"{Median(noOpNode):F2} | {Spread(pairedOverNode)} | " +
                $"{allocated[0] / 1e6:F1}, {allocated[1] / 1e6:F1}, {allocated[2] / 1e6:F1} | {(double)allocated[1] / allocated[0]:F4} |");
        }
    }

    /// <summary>
    /// Time per file, with every size measured in each round (the order rotating), so that the machine's speed
    /// drifting over a long run moves all sizes alike: each size's time per file is compared with the smallest
    /// size's in the same round.
    /// </summary>
    public static void RunFlatness(int[] sizes, int rounds)
    {
        Console.WriteLine("| Files | Rounds | CPU ms per file, empty (median) | CPU ms per file, StaleSnapshot (median) | Per file vs the smallest size, empty (paired median, quartiles) | Per file vs the smallest size, StaleSnapshot (paired median, quartiles) | In our callbacks, ms per file | Allocated KB per file: empty, StaleSnapshot |");
        Console.WriteLine("|------:|------:|------:|------:|:------:|:------:|------:|:------:|");
        var benchmarks = sizes.Select(files => new AnalyzerOverheadBenchmark { Files = files }).ToArray();
        foreach (var benchmark in benchmarks)
        {
            benchmark.Setup();
            Measure(benchmark, b => b.EmptyAnalyzer());
            Measure(benchmark, b => b.StaleSnapshot());
        }
        var empty = sizes.Select(_ => new List<double>()).ToArray();
        var ours = sizes.Select(_ => new List<double>()).ToArray();
        var emptyAllocated = new long[sizes.Length];
        var oursAllocated = new long[sizes.Length];
        for (var round = 0; round < rounds; round++)
        {
            for (var step = 0; step < sizes.Length; step++)
            {
                var which = (round + step) % sizes.Length;
                var benchmark = benchmarks[which];
                var first = round % 2 == 0;
                if (first) Add(empty, emptyAllocated, Measure(benchmark, b => b.EmptyAnalyzer()));
                Add(ours, oursAllocated, Measure(benchmark, b => b.StaleSnapshot()));
                if (!first) Add(empty, emptyAllocated, Measure(benchmark, b => b.EmptyAnalyzer()));

                // Allocations move little between rounds; the last round's is kept.
                void Add(List<double>[] times, long[] allocated, (double Seconds, long Allocated) measured)
                {
                    times[which].Add(measured.Seconds / sizes[which]);
                    allocated[which] = measured.Allocated;
                }
            }
        }
        for (var i = 0; i < sizes.Length; i++)
        {
            var emptyGrowth = empty[i].Zip(empty[0], (a, b) => a / b).ToList();
            var oursGrowth = ours[i].Zip(ours[0], (a, b) => a / b).ToList();
            var benchmark = benchmarks[i];
            var callbacks = Median(Enumerable.Range(0, CallbackRuns)
                .Select(_ => benchmark.AnalyzerExecutionTimes().Sum(a => a.Time.TotalSeconds)).ToList());
            Console.WriteLine(
                $"| {sizes[i]:N0} | {rounds} | {Median(empty[i]) * 1000:F2} | {Median(ours[i]) * 1000:F2} | " +
                $"{Spread(emptyGrowth)} | {Spread(oursGrowth)} | {callbacks * 1000 / sizes[i]:F3} | " +
                $"{emptyAllocated[i] / 1e3 / sizes[i]:F1}, {oursAllocated[i] / 1e3 / sizes[i]:F1} |");
        }
    }

    private static string Spread(List<double> ratios) =>
        $"{Median(ratios):F3} ({Quantile(ratios, 0.25):F3}–{Quantile(ratios, 0.75):F3})";

    private static (double Seconds, long Allocated) Measure(AnalyzerOverheadBenchmark benchmark, Func<AnalyzerOverheadBenchmark, int> run)
    {
        benchmark.FreshCompilation();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        run(benchmark);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        return ((process.TotalProcessorTime - before).TotalSeconds, allocated);
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Round(q * (sorted.Count - 1))];
    }
}
