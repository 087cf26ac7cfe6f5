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

    /// <summary>A method group, a lambda and a lambda on a receiver that goes into a local, in one document.</summary>
    internal const string MixedShapes = """
        class Engine
        {
            private int _a;
            private int _b;
            private int _c;
            private static Manager Create() => new();
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("a", {|#0:OnStatus|});
                manager.RegisterPluginStatusListener("b", {|#1:statuses => _b = statuses.Count|});

                // a second source
                Create().RegisterPluginStatusListener("c", {|#2:statuses => _c = statuses.Count|});
            }
            private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _a = statuses.Count;
        }
        """;

    private static Task NoFixAsync(string code, string source = "Manager") =>
        VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            code, code, VerifyCS.Diagnostic().WithLocation(0).WithArguments(source, "PluginStatus()"));

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
    [InlineData("Create()", "a call may return another source")]
    [InlineData("new Manager()", "a new source each time")]
    [InlineData("_managers[0]", "an indexer may change")]
    public Task Receiver_not_safe_to_evaluate_again_goes_into_a_local_first(string receiver, string why)
    {
        _ = why;
        const string Engine = """
            class Engine
            {
                private readonly Manager[] _managers = [new Manager()];
                private int _count;
                private static Manager Create() => new();
                public Engine()
                {
                    // the one registration
                    RECEIVER.RegisterPluginStatusListener("a", LISTENER);
                }
            }
            """;
        return FixAsync(
            Engine.Replace("RECEIVER", receiver).Replace("LISTENER", "{|#0:statuses => _count = statuses.Count|}"),
            Engine.Replace("RECEIVER.", "var manager = " + receiver + ";\n        manager.")
                .Replace("LISTENER", "_ => _count = manager.PluginStatus().Count"));
    }

    [Fact]
    public Task Fix_all_gives_each_introduced_local_its_own_name() => FixAsync("""
        class Engine
        {
            private int _a;
            private int _b;
            private static Manager Create() => new();
            public void Start(int manager)
            {
                Create().RegisterPluginStatusListener("a", {|#0:statuses => _a = statuses.Count|});
                var b = manager;
                Create().RegisterPluginStatusListener("b", {|#1:statuses => _b = statuses.Count + b|});
            }
        }
        """, """
        class Engine
        {
            private int _a;
            private int _b;
            private static Manager Create() => new();
            public void Start(int manager)
            {
                var manager2 = Create();
                manager2.RegisterPluginStatusListener("a", _ => _a = manager2.PluginStatus().Count);
                var b = manager;
                var manager3 = Create();
                manager3.RegisterPluginStatusListener("b", _ => _b = manager3.PluginStatus().Count + b);
            }
        }
        """, diagnostics: 2);

    [Fact]
    public Task Fix_all_rewrites_every_shape_in_the_document_in_one_pass() => FixAsync(MixedShapes, """
        class Engine
        {
            private int _a;
            private int _b;
            private int _c;
            private static Manager Create() => new();
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("a", _ => OnStatus(manager.PluginStatus()));
                manager.RegisterPluginStatusListener("b", _ => _b = manager.PluginStatus().Count);

                // a second source
                var manager2 = Create();
                manager2.RegisterPluginStatusListener("c", _ => _c = manager2.PluginStatus().Count);
            }
            private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _a = statuses.Count;
        }
        """, diagnostics: 3);

    [Fact]
    public Task Top_level_receiver_goes_into_a_top_level_local()
    {
        var testCase = AnalyzerCases.Named("top-level statements");
        var test = VerifyCS.NewCodeFixTest<ReadCurrentStateCodeFixProvider>(
            testCase.Code.Replace("manager.RegisterPluginStatusListener", "new Manager().RegisterPluginStatusListener"),
            testCase.PlainCode.Replace(
                "manager.RegisterPluginStatusListener(\"health\", statuses => healthy = statuses.Count > 0);",
                "var manager2 = new Manager();\nmanager2.RegisterPluginStatusListener(\"health\", _ => healthy = manager2.PluginStatus().Count > 0);"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(testCase.Arguments!));
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Event_source_from_a_call_goes_into_a_local_first() => VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
        AnalyzerCases.Named("event passing the state itself").Code.Replace(
            "public Watcher(Connection connection) => connection.Changed += {|#0:status => _ready = status.Ready|};",
            "public Watcher(Func<Connection> open) { open().Changed += {|#0:status => _ready = status.Ready|}; }"),
        AnalyzerCases.Named("event passing the state itself").PlainCode.Replace(
            "public Watcher(Connection connection) => connection.Changed += status => _ready = status.Ready;",
            "public Watcher(Func<Connection> open) { var connection = open(); connection.Changed += _ => _ready = connection.Current.Ready; }"),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Connection", "Current"));

    [Theory]
    [InlineData("Create().RegisterPluginStatusListener", "a call may return another source")]
    [InlineData("new Manager().RegisterPluginStatusListener", "a new source each time")]
    [InlineData("_managers[0].RegisterPluginStatusListener", "an indexer may change")]
    public Task No_fix_where_the_receiver_cannot_be_evaluated_again_nor_moved_out_of_an_expression_body(string registration, string why)
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
        return NoFixAsync(code);
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
        return NoFixAsync(code);
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
    [InlineData("method group on the same type, also called directly", "{|#0:OnStatus|}", "_ => OnStatus(manager.PluginStatus())")]
    [InlineData("method group on another type", "{|#0:tracker.Track|}", "_ => tracker.Track(manager.PluginStatus())")]
    [InlineData("local function", "{|#0:OnStatus|}", "_ => OnStatus(manager.PluginStatus())")]
    [InlineData("event whose arguments carry the state", "{|#0:(sender, e) => _last = e.Status|}", "(sender, _) => _last = connection.Current")]
    [InlineData("event passing the state itself", "{|#0:status => _ready = status.Ready|}", "_ => _ready = connection.Current.Ready")]
    public Task Registration_is_rewritten_to_pass_the_current_state(string name, string listener, string rewritten)
    {
        var testCase = AnalyzerCases.Named(name);
        Assert.Contains(listener, testCase.Code);
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            testCase.Code, testCase.Code.Replace(listener, rewritten), VerifyCS.Diagnostic().WithLocation(0).WithArguments(testCase.Arguments!));
    }

    [Theory]
    [InlineData("event handled by a method group", "its event arguments cannot be rebuilt around the current state")]
    [InlineData("registration marked with the runtime's [SnapshotSource]", "static current state")]
    [InlineData("listener kept in a local to remove later", "the local may be registered elsewhere: move the lambda into the call to get the fix")]
    [InlineData("method group kept in a local created with new", "the local may be registered elsewhere")]
    [InlineData("event handler kept in a local to remove later", "the local may be registered elsewhere")]
    [InlineData("event handler kept in a readonly field, registered outside the constructor", "the field may be registered elsewhere")]
    [InlineData("listener kept in a static readonly field with an initializer", "the field may be registered elsewhere")]
    [InlineData("listener kept in a readonly field, added and later removed", "the field is also removed: a lambda in its place would not be")]
    public Task No_fix_for_shapes_without_a_correct_rewrite(string name, string why)
    {
        _ = why;
        var testCase = AnalyzerCases.Named(name);
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            testCase.Code, testCase.Code, VerifyCS.Diagnostic().WithLocation(0).WithArguments(testCase.Arguments!));
    }

    [Fact]
    public Task Method_group_keeps_the_method_and_passes_other_parameters_through() => FixAsync("""
        public class Multi
        {
            public void Listen(Action<IReadOnlyDictionary<string, State>, int> listener) { }
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
        }
        class Engine
        {
            private int _count;
            public Engine(Multi multi)
            {
                // count by version
                multi.Listen({|#0:OnStatus|});
            }

            /// <summary>Also called directly.</summary>
            private void OnStatus(IReadOnlyDictionary<string, State> statuses, int version) => _count = statuses.Count + version;
        }
        """, """
        public class Multi
        {
            public void Listen(Action<IReadOnlyDictionary<string, State>, int> listener) { }
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
        }
        class Engine
        {
            private int _count;
            public Engine(Multi multi)
            {
                // count by version
                multi.Listen((_, version) => OnStatus(multi.PluginStatus(), version));
            }

            /// <summary>Also called directly.</summary>
            private void OnStatus(IReadOnlyDictionary<string, State> statuses, int version) => _count = statuses.Count + version;
        }
        """, source: "Multi");

    [Fact]
    public Task No_fix_for_a_method_group_also_used_as_a_delegate_elsewhere()
    {
        var code = WithSource("""
            class Engine
            {
                private int _count;
                private readonly List<Action<IReadOnlyDictionary<string, State>>> _removable = new();
                public Engine(Manager manager)
                {
                    manager.RegisterPluginStatusListener("a", {|#0:OnStatus|});
                    _removable.Remove(OnStatus);
                }
                private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
            }
            """);
        return NoFixAsync(code);
    }

    [Fact]
    public Task No_fix_for_a_method_group_with_an_overload_in_a_base_type()
    {
        var code = WithSource("""
            class Base
            {
                protected int Count;
                protected void OnStatus(Dictionary<string, State> statuses) => Count = -1;
            }
            class Engine : Base
            {
                public Engine(Manager manager) => manager.RegisterPluginStatusListener("a", {|#0:OnStatus|});
                private void OnStatus(IReadOnlyDictionary<string, State> statuses) => Count = statuses.Count;
            }
            """);
        return NoFixAsync(code);
    }

    [Fact]
    public Task No_fix_for_an_async_method_group()
    {
        var code = WithSource("""
            class Engine
            {
                private int _count;
                public Engine(Manager manager) => manager.RegisterPluginStatusListener("a", {|#0:OnStatus|});
                private async void OnStatus(IReadOnlyDictionary<string, State> statuses) { await Task.Yield(); _count = statuses.Count; }
            }
            """);
        return NoFixAsync(code);
    }

    [Fact]
    public Task Event_handler_method_group_receiving_the_state_is_wrapped() => FixAsync("""
        public class Feed
        {
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
            public event Action<IReadOnlyDictionary<string, State>>? Changed;
        }
        class Watcher
        {
            private int _count;
            public Watcher(Feed feed) => feed.Changed += {|#0:OnChanged|};
            private void OnChanged(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
        }
        """, """
        public class Feed
        {
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
            public event Action<IReadOnlyDictionary<string, State>>? Changed;
        }
        class Watcher
        {
            private int _count;
            public Watcher(Feed feed) => feed.Changed += _ => OnChanged(feed.PluginStatus());
            private void OnChanged(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
        }
        """, source: "Feed");

    [Fact]
    public Task No_fix_for_an_event_handler_that_is_removed_again()
    {
        var code = WithSource("""
            public class Feed
            {
                public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
                public event Action<IReadOnlyDictionary<string, State>>? Changed;
            }
            class Watcher
            {
                private int _count;
                private readonly Feed _feed;
                public Watcher(Feed feed) { _feed = feed; _feed.Changed += {|#0:OnChanged|}; }
                public void Stop() => _feed.Changed -= OnChanged;
                private void OnChanged(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
            }
            """);
        return NoFixAsync(code, "Feed");
    }

    [Fact]
    public Task Event_arguments_used_for_more_than_the_state_keep_their_parameter() => VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
        AnalyzerCases.Named("event whose arguments carry the state").Code.Replace(
            "{|#0:(sender, e) => _last = e.Status|}",
            "{|#0:(sender, e) => { _last = e.Status; _at = e.At; _ready = e.Status.Ready; }|}").Replace(
            "private Status? _last;", "private Status? _last; private DateTime _at; private bool _ready;"),
        AnalyzerCases.Named("event whose arguments carry the state").PlainCode.Replace(
            "(sender, e) => _last = e.Status",
            "(sender, e) => { var status = connection.Current; _last = status; _at = e.At; _ready = status.Ready; }").Replace(
            "private Status? _last;", "private Status? _last; private DateTime _at; private bool _ready;"),
        VerifyCS.Diagnostic().WithLocation(0).WithArguments("Connection", "Current"));

    [Fact]
    public Task BehaviorSubject_listener_reads_Value_instead()
    {
        var testCase = AnalyzerCases.Named("BehaviorSubject Subscribe(onNext)");
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            testCase.Code,
            testCase.PlainCode.Replace("load.Subscribe(value => _load = value)", "load.Subscribe(_ => _load = load.Value)"),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(testCase.Arguments!));
    }

    [Theory]
    [InlineData("public void Start(Manager manager) { manager.RegisterPluginStatusListener(\"a\", LISTENER); manager = new Manager(); }", "a parameter assigned after the registration")]
    [InlineData("public void Start() { var manager = new Manager(); manager.RegisterPluginStatusListener(\"a\", LISTENER); manager = new Manager(); }", "a local assigned after the registration")]
    [InlineData("private Manager _manager = new(); public void Start() { _manager.RegisterPluginStatusListener(\"a\", LISTENER); } public void Swap() => _manager = new();", "a field assigned elsewhere")]
    [InlineData("private Manager Fresh => new(); public void Start() { Fresh.RegisterPluginStatusListener(\"a\", LISTENER); }", "a computed property")]
    [InlineData("public void Start(Manager manager) { manager.RegisterPluginStatusListener(\"a\", LISTENER); Swap(out manager); } private static void Swap(out Manager m) => m = new();", "a parameter passed by out")]
    public Task Receiver_that_may_name_another_source_later_goes_into_a_local_first(string members, string why)
    {
        _ = why;
        const string Engine = """
            class Engine
            {
                private int _count;
                MEMBERS
            }
            """;
        var receiver = members.Contains("Fresh.", StringComparison.Ordinal) ? "Fresh" : members.Contains("_manager.", StringComparison.Ordinal) ? "_manager" : "manager";
        var local = receiver == "manager" ? "manager2" : "manager";
        var fixedMembers = members
            .Replace(receiver + ".RegisterPluginStatusListener", "var " + local + " = " + receiver + "; " + local + ".RegisterPluginStatusListener")
            .Replace("LISTENER", "_ => _count = " + local + ".PluginStatus().Count");
        return FixAsync(
            Engine.Replace("MEMBERS", members.Replace("LISTENER", "{|#0:statuses => _count = statuses.Count|}")),
            Engine.Replace("MEMBERS", fixedMembers));
    }

    [Fact]
    public Task No_fix_for_a_for_loop_variable_receiver_that_cannot_go_into_a_local()
    {
        var code = WithSource("""
            class Node : Manager { public Node? Next; }
            class Engine
            {
                private int _count;
                public void Start(Node first)
                {
                    for (Node? m = first; m != null; m = m.Next) m.RegisterPluginStatusListener("a", {|#0:statuses => _count = statuses.Count|});
                }
            }
            """);
        return NoFixAsync(code, "Node");
    }

    [Fact]
    public Task No_fix_for_a_method_group_on_a_receiver_assigned_later()
    {
        var code = WithSource("""
            class Handler { public int Count; public void OnStatus(IReadOnlyDictionary<string, State> statuses) => Count = statuses.Count; }
            class Engine
            {
                public void Start(Manager manager, Handler handler)
                {
                    manager.RegisterPluginStatusListener("a", {|#0:handler.OnStatus|});
                    handler = new Handler();
                }
            }
            """);
        return NoFixAsync(code);
    }

    [Fact]
    public Task Readonly_field_and_get_only_auto_property_receivers_are_read_again() => FixAsync("""
        class Engine
        {
            private readonly Manager _manager = new();
            private Manager Other { get; } = new();
            private int _a;
            private int _b;
            public void Start()
            {
                _manager.RegisterPluginStatusListener("a", {|#0:statuses => _a = statuses.Count|});
                Other.RegisterPluginStatusListener("b", {|#1:statuses => _b = statuses.Count|});
            }
        }
        """, """
        class Engine
        {
            private readonly Manager _manager = new();
            private Manager Other { get; } = new();
            private int _a;
            private int _b;
            public void Start()
            {
                _manager.RegisterPluginStatusListener("a", _ => _a = _manager.PluginStatus().Count);
                Other.RegisterPluginStatusListener("b", _ => _b = Other.PluginStatus().Count);
            }
        }
        """, diagnostics: 2);

    private const string StatusSource = """
        public interface IStatus { int Count { get; } }
        public class Snap : IStatus { int IStatus.Count => 1; public string Count => ""; }
        public class Feed
        {
            public void Listen(Action<IStatus> listener) { }
            public Snap Current() => new();
        }

        """;

    [Theory]
    [InlineData("{|#0:s => _count = s.Count|}", "an explicit interface member hidden by another one")]
    [InlineData("{|#0:s => { _count = s.Count; _text = s.ToString(); }|}", "used twice, read into a local")]
    [InlineData("{|#0:OnStatus|}", "a method group")]
    [InlineData("{|#0:Store|}", "a generic method group infers its type argument from the argument")]
    public Task No_fix_where_the_current_state_has_another_type_than_the_snapshot(string listener, string why)
    {
        _ = why;
        var code = WithSource(StatusSource + $$"""
            class Engine
            {
                private int _count;
                private string? _text;
                public Engine(Feed feed) => feed.Listen({{listener}});
                private void OnStatus(IStatus status) => _count = status.Count;
                private object? _stored;
                private void Store<T>(T status) => _stored = status;
            }
            """);
        return VerifyCS.CodeFixAsync<ReadCurrentStateCodeFixProvider>(
            code, code, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Feed", "Current()"));
    }

    [Fact]
    public Task Keyword_parameter_name_stays_escaped_in_the_local() => FixAsync("""
        class Engine
        {
            private int _count;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("a", {|#0:@event => { _count = @event.Count + @event.Count; }|});
        }
        """, """
        class Engine
        {
            private int _count;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("a", _ => { var @event = manager.PluginStatus(); _count = @event.Count + @event.Count; });
        }
        """);

    [Theory]
    [InlineData("async statuses => { await Task.Yield(); (statuses, var n) = Pair(); await Task.Yield(); _count = statuses.Count + n; }", "a deconstruction writes the parameter")]
    [InlineData("async statuses => { await Task.Yield(); if (statuses.ContainsKey(\"a\")) _count = statuses.Count; }", "two uses with no await between")]
    [InlineData("async statuses => { await Task.Yield(); _count = statuses.Count; if (_count > 1) await Task.Yield(); _count += statuses.Count; }", "the await between may not run")]
    [InlineData("async statuses => { await Task.Yield(); foreach (var key in Keys) _count = statuses.Count + key.Length; }", "a use repeated in a loop without an await")]
    public Task No_fix_for_an_async_listener_whose_uses_cannot_each_read_once(string listener, string why)
    {
        _ = why;
        var code = WithSource($$"""
            class Engine
            {
                private int _count;
                private static readonly string[] Keys = ["a", "b"];
                private static (IReadOnlyDictionary<string, State>, int) Pair() => (new Dictionary<string, State>(), 1);
                public Engine(Manager manager) => manager.RegisterPluginStatusListener("a", {|#0:{{listener}}|});
            }
            """);
        return NoFixAsync(code);
    }

    [Fact]
    public Task No_fix_where_the_listener_names_its_parameter_with_nameof()
    {
        var code = WithSource("""
            class Engine
            {
                private int _count;
                private string _name = "";
                public Engine(Manager manager) =>
                    manager.RegisterPluginStatusListener("a", {|#0:statuses => { _count = statuses.Count; _name = nameof(statuses); }|});
            }
            """);
        return NoFixAsync(code);
    }

    [Fact]
    public Task Async_listener_in_a_loop_reads_after_the_await_of_each_iteration() => FixAsync("""
        class Engine
        {
            private int _count;
            private static readonly string[] Keys = ["a", "b"];
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("a", {|#0:async statuses => { foreach (var key in Keys) { await Task.Yield(); _count = statuses.Count + key.Length; } }|});
        }
        """, """
        class Engine
        {
            private int _count;
            private static readonly string[] Keys = ["a", "b"];
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("a", async _ => { foreach (var key in Keys) { await Task.Yield(); _count = manager.PluginStatus().Count + key.Length; } });
        }
        """);

    [Fact]
    public Task Comments_around_an_expression_body_stay() => FixAsync("""
        class Engine
        {
            private int _c;
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("a", {|#0:s => /*k*/ _c = s.Count /*m*/ + s.Count|} // trailing
                    );
            }
        }
        """, """
        class Engine
        {
            private int _c;
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("a", _ => /*k*/
                {
                    var s = manager.PluginStatus();
                    _c = s.Count /*m*/ + s.Count; // trailing
                });
            }
        }
        """);

    [Fact]
    public Task Fix_all_fixes_a_listener_inside_a_receiver_that_goes_into_a_local() => FixAsync("""
        public class Chain
        {
            public Chain Then(Action<IReadOnlyDictionary<string, State>> listener) => this;
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
        }
        class Engine
        {
            private int _a;
            private int _b;
            private static Chain Wrap(Chain chain) => chain;
            public void Start(Chain m)
            {
                Wrap(m.Then({|#0:s => _a = s.Count|})).Then({|#1:t => _b = t.Count|});
            }
        }
        """, """
        public class Chain
        {
            public Chain Then(Action<IReadOnlyDictionary<string, State>> listener) => this;
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
        }
        class Engine
        {
            private int _a;
            private int _b;
            private static Chain Wrap(Chain chain) => chain;
            public void Start(Chain m)
            {
                var chain = Wrap(m.Then(_ => _a = m.PluginStatus().Count));
                chain.Then(_ => _b = chain.PluginStatus().Count);
            }
        }
        """, diagnostics: 2, source: "Chain");
    /// <summary>
    /// Two storing listeners on a receiver that goes into a local: one diagnostic at a time, so the receiver is
    /// evaluated once and both listeners read the object they were registered on.
    /// </summary>
    [Fact]
    public Task Two_listeners_on_a_receiver_that_goes_into_a_local_share_it()
    {
        var test = VerifyCS.NewCodeFixTest<ReadCurrentStateCodeFixProvider>(WithSource("""
            class Engine
            {
                private int _a;
                private int _b;
                public void Go(Func<Multi> make)
                {
                    make().RegisterPluginStatusListener({|#0:s => _a = s.Count|}, t => _b = t.Count);
                }
            }
            public class Multi
            {
                public void RegisterPluginStatusListener(Action<IReadOnlyDictionary<string, State>> a, Action<IReadOnlyDictionary<string, State>> b) { }
                public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
            }
            """), WithSource("""
            class Engine
            {
                private int _a;
                private int _b;
                public void Go(Func<Multi> make)
                {
                    var multi = make();
                    multi.RegisterPluginStatusListener(_ => _a = multi.PluginStatus().Count, _ => _b = multi.PluginStatus().Count);
                }
            }
            public class Multi
            {
                public void RegisterPluginStatusListener(Action<IReadOnlyDictionary<string, State>> a, Action<IReadOnlyDictionary<string, State>> b) { }
                public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
            }
            """), VerifyCS.Diagnostic().WithLocation(0).WithArguments("Multi", "PluginStatus()"));
        // The second listener is reported once the first is fixed.
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllIterations = 2;
        return test.RunAsync();
    }
}
