using StaleSnapshot.CodeFixes;
using VerifyCS = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.StaleSnapshotListenerAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

public class Snap001CodeFixTests
{
    private static string WithSource(string code) => Snap001AnalyzerTests.Source + code;

    private static Task FixAsync(string before, string after, int diagnostics = 1, string source = "Manager") =>
        VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            WithSource(before),
            WithSource(after),
            Enumerable.Range(0, diagnostics).Select(i => VerifyCS.Diagnostic().WithLocation(i).WithArguments(source, "PluginStatus()")).ToArray());

    [Fact]
    public Task Expression_lambda_reads_the_current_state_instead() => FixAsync("""
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:statuses => _healthy = AllReady(statuses)|});
            private static bool AllReady(IReadOnlyDictionary<string, State> s) => s.Values.All(v => v == State.Ok);
        }
        """, """
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", _ => _healthy = AllReady(manager.PluginStatus()));
            private static bool AllReady(IReadOnlyDictionary<string, State> s) => s.Values.All(v => v == State.Ok);
        }
        """);

    [Fact]
    public Task Block_lambda_binds_the_old_name_to_the_current_state_and_keeps_comments() => FixAsync("""
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("health", {|#0:(statuses) =>
                {
                    // every plugin must be ready
                    var ready = statuses.Values.All(v => v == State.Ok);
                    _healthy = ready; // published
                }|});
            }
        }
        """, """
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("health", (_) =>
                {
                    var statuses = manager.PluginStatus();
                    // every plugin must be ready
                    var ready = statuses.Values.All(v => v == State.Ok);
                    _healthy = ready; // published
                });
            }
        }
        """);

    [Fact]
    public Task Expression_lambda_using_the_snapshot_twice_reads_it_once() => FixAsync("""
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:statuses => _healthy = statuses.Count > 0 && statuses.Values.All(v => v == State.Ok)|});
        }
        """, """
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", _ =>
                {
                    var statuses = manager.PluginStatus();
                    _healthy = statuses.Count > 0 && statuses.Values.All(v => v == State.Ok);
                });
        }
        """);

    [Fact]
    public Task Registration_inside_the_source_reads_through_implicit_this() => FixAsync("""
        class SelfWatching : Manager
        {
            public int Count;
            public SelfWatching() => RegisterPluginStatusListener("self", {|#0:statuses => Count = statuses.Count|});
        }
        """, """
        class SelfWatching : Manager
        {
            public int Count;
            public SelfWatching() => RegisterPluginStatusListener("self", _ => Count = PluginStatus().Count);
        }
        """, source: "SelfWatching");

    [Fact]
    public Task Static_lambda_loses_static_to_capture_the_source() => FixAsync("""
        static class Health
        {
            public static int Ready;
            public static void Watch(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:static statuses => Ready = statuses.Count|});
        }
        """, """
        static class Health
        {
            public static int Ready;
            public static void Watch(Manager manager) =>
                manager.RegisterPluginStatusListener("health", _ => Ready = manager.PluginStatus().Count);
        }
        """);

    [Fact]
    public Task Anonymous_method_gets_a_discarded_parameter() => FixAsync("""
        static class Health
        {
            public static int Ready;
            public static void Watch(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:delegate (IReadOnlyDictionary<string, State> statuses) { Ready = statuses.Count; }|});
        }
        """, """
        static class Health
        {
            public static int Ready;
            public static void Watch(Manager manager) =>
                manager.RegisterPluginStatusListener("health", delegate (IReadOnlyDictionary<string, State> _) { var statuses = manager.PluginStatus(); Ready = statuses.Count; });
        }
        """);

    [Fact]
    public Task Fix_all_rewrites_every_listener_in_the_document() => FixAsync("""
        class Engine
        {
            private int _a;
            private int _b;
            public Engine(Manager first, Manager second)
            {
                first.RegisterPluginStatusListener("a", {|#0:statuses => _a = statuses.Count|});
                second.RegisterPluginStatusListener("b", {|#1:statuses => _b = statuses.Count|});
            }
        }
        """, """
        class Engine
        {
            private int _a;
            private int _b;
            public Engine(Manager first, Manager second)
            {
                first.RegisterPluginStatusListener("a", _ => _a = first.PluginStatus().Count);
                second.RegisterPluginStatusListener("b", _ => _b = second.PluginStatus().Count);
            }
        }
        """, diagnostics: 2);

    [Theory]
    [InlineData("Create().RegisterPluginStatusListener", "a call may return another source")]
    [InlineData("new Manager().RegisterPluginStatusListener", "a new source each time")]
    [InlineData("_managers[0].RegisterPluginStatusListener", "an indexer may change")]
    public Task No_fix_where_the_receiver_cannot_be_evaluated_again(string registration, string why)
    {
        _ = why;
        var code = WithSource($$"""
            class Engine
            {
                private readonly Manager[] _managers = [new Manager()];
                private int _count;
                private static Manager Create() => new();
                public Engine() => {{registration}}("a", {|#0:statuses => _count = statuses.Count|});
            }
            """);
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            code, code, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));
    }

    [Fact]
    public Task Async_listener_reads_the_current_state_at_each_use_after_the_awaits_before_it() => FixAsync("""
        class Engine
        {
            private int _count;
            private bool _any;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("a", {|#0:async statuses =>
                {
                    await System.Threading.Tasks.Task.Yield();
                    _count = statuses.Count;
                    await System.Threading.Tasks.Task.Yield();
                    _any = statuses.Count > 0;
                }|});
        }
        """, """
        class Engine
        {
            private int _count;
            private bool _any;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("a", async _ =>
                {
                    await System.Threading.Tasks.Task.Yield();
                    _count = manager.PluginStatus().Count;
                    await System.Threading.Tasks.Task.Yield();
                    _any = manager.PluginStatus().Count > 0;
                });
        }
        """);

    [Fact]
    public Task No_fix_for_an_async_listener_that_writes_its_snapshot_parameter()
    {
        var code = WithSource("""
            class Engine
            {
                private int _count;
                public Engine(Manager manager) =>
                    manager.RegisterPluginStatusListener("a", {|#0:async statuses => { await System.Threading.Tasks.Task.Yield(); statuses ??= null; _count = statuses.Count; }|});
            }
            """);
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            code, code, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));
    }

    [Fact]
    public Task No_fix_for_a_lambda_that_merely_contains_the_registration()
    {
        var code = WithSource("""
            class Engine
            {
                private int _count;
                public Engine(Manager manager)
                {
                    Action register = () => manager.RegisterPluginStatusListener("a", {|#0:statuses => _count = statuses.Count|});
                    register();
                }
            }
            """);
        var fixedCode = code.Replace("{|#0:statuses => _count = statuses.Count|}", "_ => _count = manager.PluginStatus().Count");
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            code, fixedCode, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));
    }

    [Theory]
    [InlineData("method group on the same type, also called directly")]
    [InlineData("method group on another type")]
    [InlineData("local function")]
    [InlineData("event whose arguments carry the state")]
    [InlineData("event passing the state itself")]
    [InlineData("registration marked with the runtime's [SnapshotSource]")]
    public Task No_fix_for_shapes_the_rewrite_does_not_cover(string name)
    {
        var testCase = AnalyzerCases.Named(name);
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            testCase.Code, testCase.Code, VerifyCS.Diagnostic().WithLocation(0).WithArguments(testCase.Arguments!));
    }

    [Fact]
    public Task BehaviorSubject_listener_reads_Value_instead()
    {
        var testCase = AnalyzerCases.Named("BehaviorSubject Subscribe(onNext)");
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            testCase.Code,
            testCase.PlainCode.Replace("load.Subscribe(value => _load = value)", "load.Subscribe(_ => _load = load.Value)"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(testCase.Arguments!));
    }
}
