using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using StaleSnapshot.CodeFixes;
using VerifyCS = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.StaleSnapshotListenerAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

/// <summary>The second SNAP001 code action: read the current state and store under a lock owned by the consumer.</summary>
public class Snap001StrictCodeFixTests
{
    private static string WithSource(string code) => Snap001AnalyzerTests.Source + code;

    private static Task FixUnderLockAsync(string before, string after, int diagnostics = 1, LanguageVersion? languageVersion = null, OutputKind? outputKind = null)
    {
        var test = VerifyCS.NewCodeFixTest<ReadCurrentStateCodeFixProvider>(
            WithSource(before),
            WithSource(after),
            Enumerable.Range(0, diagnostics).Select(i => VerifyCS.Diagnostic().WithLocation(i).WithArguments("Manager", "PluginStatus()")).ToArray());
        test.UnderLock();
        if (languageVersion is { } version)
        {
            test.SolutionTransforms.Add((solution, projectId) =>
                solution.WithProjectParseOptions(projectId, new CSharpParseOptions(version)));
        }
        if (outputKind is { } kind) test.TestState.OutputKind = kind;
        return test.RunAsync();
    }

    [Fact]
    public Task Adds_a_Lock_field_and_reads_and_stores_under_it() => FixUnderLockAsync("""
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:statuses => _healthy = statuses.Count > 0|});
        }
        """, """
        class Engine
        {
            private readonly Lock _currentStateLock = new();
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", _ =>
                {
                    lock (_currentStateLock)
                    {
                        _healthy = manager.PluginStatus().Count > 0;
                    }
                });
        }
        """);

    [Fact]
    public Task Block_listener_keeps_its_statements_and_comments_inside_the_lock() => FixUnderLockAsync("""
        class Engine
        {
            private int _ready;
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("health", {|#0:statuses =>
                {
                    // count the ready plugins
                    var ready = statuses.Values.Count(v => v == State.Ok);
                    _ready = ready;
                }|});
            }
        }
        """, """
        class Engine
        {
            private readonly Lock _currentStateLock = new();
            private int _ready;
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("health", _ =>
                {
                    lock (_currentStateLock)
                    {
                        var statuses = manager.PluginStatus();
                        // count the ready plugins
                        var ready = statuses.Values.Count(v => v == State.Ok);
                        _ready = ready;
                    }
                });
            }
        }
        """);

    [Fact]
    public Task Before_CSharp_13_the_lock_is_an_object() => FixUnderLockAsync("""
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:statuses => _healthy = statuses.Count > 0|});
        }
        """, """
        class Engine
        {
            private readonly object _currentStateLock = new();
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", _ =>
                {
                    lock (_currentStateLock)
                    {
                        _healthy = manager.PluginStatus().Count > 0;
                    }
                });
        }
        """, languageVersion: LanguageVersion.CSharp12);

    [Fact]
    public Task Static_context_gets_a_static_lock() => FixUnderLockAsync("""
        static class Health
        {
            public static int Ready;
            public static void Watch(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:static statuses => Ready = statuses.Count|});
        }
        """, """
        static class Health
        {
            private static readonly Lock _currentStateLock = new();
            public static int Ready;
            public static void Watch(Manager manager) =>
                manager.RegisterPluginStatusListener("health", _ =>
                {
                    lock (_currentStateLock)
                    {
                        Ready = manager.PluginStatus().Count;
                    }
                });
        }
        """);

    [Fact]
    public Task Listener_inside_a_static_lambda_of_an_instance_method_gets_a_static_lock() => FixUnderLockAsync("""
        class Health
        {
            public static int Ready;
            public void Watch(Manager manager) => Run(static m =>
                m.RegisterPluginStatusListener("health", {|#0:statuses => Ready = statuses.Count|}), manager);
            private static void Run(Action<Manager> action, Manager manager) => action(manager);
        }
        """, """
        class Health
        {
            private static readonly Lock _currentStateLock = new();
            public static int Ready;
            public void Watch(Manager manager) => Run(static m =>
                m.RegisterPluginStatusListener("health", _ =>
                {
                    lock (_currentStateLock)
                    {
                        Ready = m.PluginStatus().Count;
                    }
                }), manager);
            private static void Run(Action<Manager> action, Manager manager) => action(manager);
        }
        """);

    [Fact]
    public Task Fix_all_adds_one_lock_per_type_and_avoids_taken_names() => FixUnderLockAsync("""
        class Engine
        {
            private int _currentStateLock;
            private int _a;
            private int _b;
            public Engine(Manager first, Manager second)
            {
                first.RegisterPluginStatusListener("a", {|#0:statuses => _a = statuses.Count|});
                second.RegisterPluginStatusListener("b", {|#1:statuses => _b = statuses.Count + _currentStateLock|});
            }
        }
        """, """
        class Engine
        {
            private readonly Lock _currentStateLock2 = new();
            private int _currentStateLock;
            private int _a;
            private int _b;
            public Engine(Manager first, Manager second)
            {
                first.RegisterPluginStatusListener("a", _ =>
                {
                    lock (_currentStateLock2)
                    {
                        _a = first.PluginStatus().Count;
                    }
                });
                second.RegisterPluginStatusListener("b", _ =>
                {
                    lock (_currentStateLock2)
                    {
                        _b = second.PluginStatus().Count + _currentStateLock;
                    }
                });
            }
        }
        """, diagnostics: 2);

    [Fact]
    public Task Method_group_is_called_under_the_lock() => FixUnderLockAsync("""
        class Engine
        {
            private int _count;
            public Engine(Manager manager) => manager.RegisterPluginStatusListener("a", {|#0:OnStatus|});
            private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
        }
        """, """
        class Engine
        {
            private readonly Lock _currentStateLock = new();
            private int _count;
            public Engine(Manager manager) => manager.RegisterPluginStatusListener("a", _ =>
            {
                lock (_currentStateLock)
                {
                    OnStatus(manager.PluginStatus());
                }
            });
            private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _count = statuses.Count;
        }
        """);

    [Fact]
    public Task Introduced_receiver_local_and_lock_field_together() => FixUnderLockAsync("""
        class Engine
        {
            private int _count;
            private static Manager Create() => new();
            public Engine()
            {
                Create().RegisterPluginStatusListener("a", {|#0:statuses => _count = statuses.Count|});
            }
        }
        """, """
        class Engine
        {
            private readonly Lock _currentStateLock = new();
            private int _count;
            private static Manager Create() => new();
            public Engine()
            {
                var manager = Create();
                manager.RegisterPluginStatusListener("a", _ =>
                {
                    lock (_currentStateLock)
                    {
                        _count = manager.PluginStatus().Count;
                    }
                });
            }
        }
        """);

    [Fact]
    public Task Fix_all_locks_every_shape_in_the_document_in_one_pass() => FixUnderLockAsync(Snap001CodeFixTests.MixedShapes, """
        class Engine
        {
            private readonly Lock _currentStateLock = new();
            private int _a;
            private int _b;
            private int _c;
            private static Manager Create() => new();
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("a", _ =>
                {
                    lock (_currentStateLock)
                    {
                        OnStatus(manager.PluginStatus());
                    }
                });
                manager.RegisterPluginStatusListener("b", _ =>
                {
                    lock (_currentStateLock)
                    {
                        _b = manager.PluginStatus().Count;
                    }
                });

                // a second source
                var manager2 = Create();
                manager2.RegisterPluginStatusListener("c", _ =>
                {
                    lock (_currentStateLock)
                    {
                        _c = manager2.PluginStatus().Count;
                    }
                });
            }
            private void OnStatus(IReadOnlyDictionary<string, State> statuses) => _a = statuses.Count;
        }
        """, diagnostics: 3);

    [Fact]
    public Task Event_arguments_listener_reads_the_source_under_the_lock()
    {
        var testCase = AnalyzerCases.Named("event whose arguments carry the state");
        var test = VerifyCS.NewCodeFixTest<ReadCurrentStateCodeFixProvider>(
            testCase.Code,
            testCase.PlainCode
                .Replace("    private Status? _last;", "    private readonly Lock _currentStateLock = new();\n    private Status? _last;")
                .Replace("(sender, e) => _last = e.Status", """
                    (sender, _) =>
                        {
                            lock (_currentStateLock)
                            {
                                _last = connection.Current;
                            }
                        }
                    """),
            VerifyCS.Diagnostic().WithLocation(0).WithArguments(testCase.Arguments!));
        test.UnderLock();
        return test.RunAsync();
    }

    [Fact]
    public Task Top_level_statements_get_a_captured_local_lock()
    {
        const string Types = """

            public enum State { NotReady, Ok }

            public class Manager
            {
                public void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, State>> listener) { }
                public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
            }
            """;
        var test = VerifyCS.NewCodeFixTest<ReadCurrentStateCodeFixProvider>(
            """
            using System;
            using System.Collections.Generic;

            var manager = new Manager();
            var count = 0;
            manager.RegisterPluginStatusListener("count", {|#0:statuses => count = statuses.Count|});
            Console.WriteLine(count);
            """ + Types,
            """
            using System;
            using System.Collections.Generic;

            var manager = new Manager();
            var count = 0;
            var currentStateLock = new System.Threading.Lock();
            manager.RegisterPluginStatusListener("count", _ =>
            {
                lock (currentStateLock)
                {
                    count = manager.PluginStatus().Count;
                }
            });
            Console.WriteLine(count);
            """ + Types,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));
        test.UnderLock();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task A_CRLF_document_stays_CRLF()
    {
        var before = WithSource("""
            class Engine
            {
                private bool _healthy;
                public Engine(Manager manager) =>
                    manager.RegisterPluginStatusListener("health", {|#0:statuses => _healthy = statuses.Count > 0 && statuses.Count < 9|});
            }
            """).ReplaceLineEndings("\r\n");
        var after = WithSource("""
            class Engine
            {
                private readonly Lock _currentStateLock = new();
                private bool _healthy;
                public Engine(Manager manager) =>
                    manager.RegisterPluginStatusListener("health", _ =>
                    {
                        lock (_currentStateLock)
                        {
                            var statuses = manager.PluginStatus();
                            _healthy = statuses.Count > 0 && statuses.Count < 9;
                        }
                    });
            }
            """).ReplaceLineEndings("\r\n");
        var test = VerifyCS.NewCodeFixTest<ReadCurrentStateCodeFixProvider>(
            before, after, VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));
        test.UnderLock();
        return test.RunAsync();
    }

    /// <summary>The first code action is offered; the strict one is not.</summary>
    private static async Task NoStrictFixAsync(OutputKind outputKind, params string[] sources)
    {
        var keys = await OfferedCodeActions.KeysAsync(outputKind, sources);
        Assert.Contains(ReadCurrentStateCodeFixProvider.ReadCurrentStateKey, keys);
        Assert.DoesNotContain(ReadCurrentStateCodeFixProvider.ReadCurrentStateUnderLockKey, keys);
    }

    private const string TopLevelTypes = """

        public enum State { NotReady, Ok }

        public class Manager
        {
            public void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, State>> listener) { }
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
        }
        """;

    private const string Locked = """
        _ =>
        {
            lock (_currentStateLock)
            {
                _c = m.PluginStatus().Count;
            }
        }
        """;

    [Theory]
    [InlineData("""
        class Engine
        {
            private static int _c;
            public void Start() { Action outer = () => Go(new Manager()); outer(); }
            private static void Go(Manager m) { Action a = () => m.RegisterPluginStatusListener("a", LISTENER); a(); }
        }
        """, "a lambda in a static method")]
    [InlineData("""
        class Base { public Base(Action a) { } }
        class Engine : Base
        {
            private static int _c;
            public Engine(Manager m) : base(() => m.RegisterPluginStatusListener("a", LISTENER)) { }
        }
        """, "a constructor initializer")]
    [InlineData("""
        class Engine
        {
            private static readonly Manager m = new();
            private static int _c;
            private readonly Action _start = () => m.RegisterPluginStatusListener("a", LISTENER);
        }
        """, "an instance field initializer")]
    [InlineData("""
        interface Engine
        {
            private static int _c;
            void Start(Manager m) => m.RegisterPluginStatusListener("a", LISTENER);
        }
        """, "an interface default method")]
    public Task Listener_without_an_instance_gets_a_static_lock(string code, string why)
    {
        _ = why;
        var open = code.IndexOf('{', code.IndexOf("Engine", StringComparison.Ordinal));
        var expected = code.Insert(open + 1, "\n    private static readonly Lock _currentStateLock = new();");
        var listener = expected.Substring(0, expected.IndexOf("LISTENER", StringComparison.Ordinal));
        var indent = listener.Substring(listener.LastIndexOf('\n') + 1).TakeWhile(c => c == ' ').Count();
        return FixUnderLockAsync(
            code.Replace("LISTENER", "{|#0:s => _c = s.Count|}"),
            expected.Replace("LISTENER", Locked.Replace("\n", "\n" + new string(' ', indent))));
    }

    [Fact]
    public Task No_strict_fix_in_a_local_function_of_top_level_code() => NoStrictFixAsync(OutputKind.ConsoleApplication, """
        using System;
        using System.Collections.Generic;

        var manager = new Manager();
        var count = 0;
        Setup();
        Console.WriteLine(count);

        void Setup()
        {
            manager.RegisterPluginStatusListener("count", statuses => count = statuses.Count);
        }
        """ + TopLevelTypes);

    [Fact]
    public Task Fix_all_in_top_level_code_adds_one_lock_local()
    {
        var test = VerifyCS.NewCodeFixTest<ReadCurrentStateCodeFixProvider>("""
            using System;
            using System.Collections.Generic;

            var manager = new Manager();
            var a = 0;
            var b = 0;
            manager.RegisterPluginStatusListener("a", {|#0:statuses => a = statuses.Count|});
            manager.RegisterPluginStatusListener("b", {|#1:statuses => b = statuses.Count|});
            Console.WriteLine(a + b);
            """ + TopLevelTypes, """
            using System;
            using System.Collections.Generic;

            var manager = new Manager();
            var a = 0;
            var b = 0;
            var currentStateLock = new System.Threading.Lock();
            manager.RegisterPluginStatusListener("a", _ =>
            {
                lock (currentStateLock)
                {
                    a = manager.PluginStatus().Count;
                }
            });
            manager.RegisterPluginStatusListener("b", _ =>
            {
                lock (currentStateLock)
                {
                    b = manager.PluginStatus().Count;
                }
            });
            Console.WriteLine(a + b);
            """ + TopLevelTypes,
            VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"),
            VerifyCS.Diagnostic().WithLocation(1).WithArguments("Manager", "PluginStatus()"));
        // Fixed one at a time, the second fix does not know the first one's local and adds its own.
        var oneAtATime = test.FixedState.Sources[0].content.ToString()
            .Replace("});\nmanager.RegisterPluginStatusListener(\"b\"", "});\nvar currentStateLock2 = new System.Threading.Lock();\nmanager.RegisterPluginStatusListener(\"b\"")
            .Replace("lock (currentStateLock)\n    {\n        b", "lock (currentStateLock2)\n    {\n        b");
        test.BatchFixedState.Sources.Add(test.FixedState.Sources[0].content.ToString());
        test.FixedState.Sources.Clear();
        test.FixedState.Sources.Add(oneAtATime);
        test.UnderLock();
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_in_a_partial_type_adds_one_lock_field() => FixUnderLockAsync("""
        partial class Engine
        {
            private int _a;
            public void StartA(Manager manager) => manager.RegisterPluginStatusListener("a", {|#0:statuses => _a = statuses.Count|});
        }
        partial class Engine
        {
            private int _b;
            public void StartB(Manager manager) => manager.RegisterPluginStatusListener("b", {|#1:statuses => _b = statuses.Count|});
        }
        """, """
        partial class Engine
        {
            private readonly Lock _currentStateLock = new();
            private int _a;
            public void StartA(Manager manager) => manager.RegisterPluginStatusListener("a", _ =>
            {
                lock (_currentStateLock)
                {
                    _a = manager.PluginStatus().Count;
                }
            });
        }
        partial class Engine
        {
            private int _b;
            public void StartB(Manager manager) => manager.RegisterPluginStatusListener("b", _ =>
            {
                lock (_currentStateLock)
                {
                    _b = manager.PluginStatus().Count;
                }
            });
        }
        """, diagnostics: 2);

    [Fact]
    public Task No_strict_fix_in_a_partial_type_declared_in_two_files() => NoStrictFixAsync(
        OutputKind.DynamicallyLinkedLibrary,
        WithSource("""
            partial class Engine
            {
                private int _a;
                public void StartA(Manager manager) => manager.RegisterPluginStatusListener("a", statuses => _a = statuses.Count);
            }
            """),
        "partial class Engine { private int _b; }");

    [Fact]
    public Task Comment_before_an_expression_body_stays_inside_the_lock() => FixUnderLockAsync("""
        class Engine
        {
            private int _c;
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("a", {|#0:s =>
                    // leading comment
                    _c = s.Count|});
            }
        }
        """, """
        class Engine
        {
            private readonly Lock _currentStateLock = new();
            private int _c;
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("a", _ =>
                {
                    lock (_currentStateLock)
                    {
                        // leading comment
                        _c = manager.PluginStatus().Count;
                    }
                });
            }
        }
        """);
}
