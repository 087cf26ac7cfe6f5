using VerifyCS = StaleSnapshot.Analyzers.Tests.Verify<StaleSnapshot.Analyzers.StaleSnapshotListenerAnalyzer>;

namespace StaleSnapshot.Analyzers.Tests;

public class Snap001AnalyzerTests
{
    /// <summary>An OPA-shaped source written the naive way, as users have it.</summary>
    internal const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;

        public enum State { NotReady, Ok }

        public class Manager
        {
            public void UpdatePluginStatus(string name, State state) { }
            public void RegisterPluginStatusListener(string name, Action<IReadOnlyDictionary<string, State>> listener) { }
            public IReadOnlyDictionary<string, State> PluginStatus() => new Dictionary<string, State>();
        }

        """;

    private static string WithSource(string code) => Source + code;

    [Fact]
    public Task Expression_lambda_storing_into_a_field_is_reported() => VerifyCS.AnalyzerAsync(WithSource("""
        class Engine
        {
            private bool _healthy;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:statuses => _healthy = statuses.Values.All(s => s == State.Ok)|});
        }
        """), VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));

    [Fact]
    public Task Block_lambda_storing_through_locals_and_calls_is_reported() => VerifyCS.AnalyzerAsync(WithSource("""
        class Engine
        {
            public bool Healthy { get; private set; }
            public Engine(Manager manager)
            {
                manager.RegisterPluginStatusListener("health", {|#0:(statuses) =>
                {
                    var ready = statuses.Where(s => s.Value == State.Ok).ToList();
                    var all = ready.Count == statuses.Count;
                    Healthy = all;
                }|});
            }
        }
        """), VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));

    [Fact]
    public Task Anonymous_method_storing_into_a_static_field_is_reported() => VerifyCS.AnalyzerAsync(WithSource("""
        static class Health
        {
            public static int ReadyCount;
            public static void Watch(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:delegate (IReadOnlyDictionary<string, State> statuses) { ReadyCount = statuses.Count; }|});
        }
        """), VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));

    [Fact]
    public Task Store_into_a_captured_local_is_reported() => VerifyCS.AnalyzerAsync(WithSource("""
        class Engine
        {
            public Func<bool> Watch(Manager manager)
            {
                var healthy = false;
                manager.RegisterPluginStatusListener("health", {|#0:statuses => { healthy = statuses.Count > 0; }|});
                return () => healthy;
            }
        }
        """), VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));

    [Theory]
    [InlineData("Volatile.Write(ref _last, statuses)")]
    [InlineData("Interlocked.Exchange(ref _last, statuses)")]
    public Task Atomic_writes_into_a_field_are_reported(string store) => VerifyCS.AnalyzerAsync(WithSource($$"""
        class Engine
        {
            private IReadOnlyDictionary<string, State> _last;
            public Engine(Manager manager) =>
                manager.RegisterPluginStatusListener("health", {|#0:statuses => {{store}}|});
        }
        """), VerifyCS.Diagnostic().WithLocation(0).WithArguments("Manager", "PluginStatus()"));

    [Fact]
    public Task Source_reached_through_an_interface_is_reported() => VerifyCS.AnalyzerAsync("""
        using System;
        public record Config(int Limit);
        public interface IConfigSource
        {
            Config Current { get; }
            void Subscribe(Action<Config> onChange);
        }
        class Consumer
        {
            private int _limit;
            public Consumer(IConfigSource source) => source.Subscribe({|#0:config => _limit = config.Limit|});
        }
        """, VerifyCS.Diagnostic().WithLocation(0).WithArguments("IConfigSource", "Current"));

    [Theory]
    [InlineData("Console.WriteLine(statuses.Count)", "only logged")]
    [InlineData("_healthy = manager.PluginStatus().Count > 0", "re-reads the current state")]
    [InlineData("{ var current = manager.PluginStatus(); _healthy = current.Count > 0; }", "re-reads the current state into a local")]
    [InlineData("_updates++", "does not store the snapshot")]
    [InlineData("_stamp = DateTime.UtcNow", "value unrelated to the snapshot")]
    [InlineData("{ var count = statuses.Count; Console.WriteLine(count); }", "snapshot only in a local that dies with the call")]
    [InlineData("{ var seen = new List<string>(); seen.Capacity = statuses.Count; }", "member of a local that dies with the call")]
    [InlineData("Console.WriteLine(ReferenceEquals(statuses, manager.PluginStatus()))", "only compared with the current state")]
    public Task Listeners_that_do_not_store_the_snapshot_are_not_reported(string body, string why)
    {
        _ = why;
        return VerifyCS.AnalyzerAsync(WithSource($$"""
            class Engine
            {
                private bool _healthy;
                private int _updates;
                private DateTime _stamp;
                public Engine(Manager manager) =>
                    manager.RegisterPluginStatusListener("health", statuses => {{body}});
            }
            """));
    }

    [Fact]
    public Task Runtime_plugin_manager_is_ordered_and_not_reported() => VerifyCS.AnalyzerAsync("""
        using StaleSnapshot.Runtime;
        class Engine
        {
            private bool _healthy;
            public Engine(PluginManager manager) =>
                manager.RegisterPluginStatusListener("health", statuses => _healthy = statuses.Count > 0);
        }
        """);

    [Fact]
    public Task Source_declared_ordered_with_its_own_attribute_copy_is_not_reported() => VerifyCS.AnalyzerAsync("""
        using System;
        namespace Vendor { sealed class OrderedSnapshotSourceAttribute : Attribute { } }
        [Vendor.OrderedSnapshotSource]
        public class Source
        {
            public string Current => "";
            public void Listen(Action<string> listener) { }
        }
        class Consumer
        {
            private string _last = "";
            public Consumer(Source source) => source.Listen(value => _last = value);
        }
        """);

    [Fact]
    public Task Method_without_a_current_state_member_is_not_a_source() => VerifyCS.AnalyzerAsync("""
        using System;
        public class Button
        {
            public void OnClick(Action<string> handler) { }
        }
        class Form
        {
            private string _last = "";
            public Form(Button button) => button.OnClick(text => _last = text);
        }
        """);

    [Fact]
    public Task Static_registration_method_is_not_a_source() => VerifyCS.AnalyzerAsync("""
        using System;
        public class Registry
        {
            public string Current => "";
            public static void Listen(Action<string> listener) { }
        }
        class Consumer
        {
            private string _last = "";
            public Consumer() => Registry.Listen(value => _last = value);
        }
        """);

    [Theory]
    [InlineData("manager.RegisterPluginStatusListener(\"health\", statuses => _healthy = ")]
    [InlineData("manager.RegisterPluginStatusListener(\"health\", statuses => { _healthy = statuses.Count > 0; ")]
    [InlineData("manager.RegisterPluginStatusListener(\"health\", (statuses, ) => _healthy = statuses.Count > 0);")]
    [InlineData("missing.RegisterPluginStatusListener(\"health\", statuses => _healthy = statuses.Count > 0);")]
    [InlineData("manager.RegisterPluginStatusListener(statuses => _healthy = Undefined(statuses));")]
    public async Task Incomplete_code_never_crashes_the_analyzer(string statement)
    {
        var code = WithSource($$"""
            class Engine
            {
                private bool _healthy;
                public Engine(Manager manager)
                {
                    {{statement}}
                }
            }
            """);
        var (diagnostics, crashes) = await AnalyzerRunner.RunAsync(code);
        Assert.Empty(crashes);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}
