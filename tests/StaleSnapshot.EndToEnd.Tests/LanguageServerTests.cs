using System.Text.Json.Nodes;
using StaleSnapshot.Tests.Shared;

namespace StaleSnapshot.EndToEnd.Tests;

/// <summary>
/// Editors run project analyzers through the same host as the build: csharp-ls, installed from the repository's
/// tool manifest, opens the sample and publishes SNAP001 at the listener's exact range once the client turns
/// its analyzers on (csharp.analyzersEnabled, read through workspace/configuration).
/// </summary>
[Collection(OutOfProcessCollection.Name)]
public class LanguageServerTests
{
    private static readonly TimeSpan ServerTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Csharp_ls_publishes_SNAP001_at_the_listener_in_the_sample()
    {
        await PackedPackages.RunDotnetAsync(Repository.Root, ["tool", "restore"]);
        // csharp-ls loads the sample's Debug configuration, whose analyzers come from these project references.
        await PackedPackages.RunDotnetAsync(Repository.Root, ["build", "samples/OpaHealth/OpaHealth.csproj", "-c", "Debug"]);

        var sample = Repository.PathOf("samples/OpaHealth");
        var document = Path.Combine(sample, "PolicyEngine.cs");
        var text = await File.ReadAllTextAsync(document);
        var expected = RangeOf(text, "statuses => _healthy = AllPluginsReady(statuses)");

        await using var server = LanguageServerClient.StartDotnetTool(sample, "csharp-ls");
        using var timeout = new CancellationTokenSource(ServerTimeout);
        // Bounds the wait even where a pipe read does not observe cancellation.
        using var killOnTimeout = timeout.Token.Register(server.Kill);
        var configurationAsked = false;
        JsonArray? published = null;
        try
        {
            var initialize = server.SendRequest("initialize", new JsonObject
            {
                ["processId"] = Environment.ProcessId,
                ["rootUri"] = new Uri(sample).AbsoluteUri,
                ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = new Uri(sample).AbsoluteUri, ["name"] = "OpaHealth" }),
                ["capabilities"] = new JsonObject
                {
                    ["workspace"] = new JsonObject { ["configuration"] = true },
                    ["textDocument"] = new JsonObject { ["publishDiagnostics"] = new JsonObject() },
                },
            });

            while (published is null && await server.ReadAsync(timeout.Token) is { } message)
            {
                var method = (string?)message["method"];
                if (message["id"] is { } id && method is not null)
                {
                    // A request from the server: answer the settings it asks for, accept anything else.
                    if (method == "workspace/configuration")
                    {
                        var items = message["params"]!["items"]!.AsArray();
                        configurationAsked |= items.Any(i => (string?)i?["section"] == "csharp");
                        server.Respond(id, new JsonArray([.. items.Select(i => (string?)i?["section"] == "csharp"
                            ? new JsonObject { ["analyzersEnabled"] = true }
                            : null)]));
                    }
                    else
                    {
                        server.Respond(id, null);
                    }
                }
                else if ((int?)message["id"] == initialize)
                {
                    server.SendNotification("initialized", new JsonObject());
                    server.SendNotification("textDocument/didOpen", new JsonObject
                    {
                        ["textDocument"] = new JsonObject
                        {
                            ["uri"] = new Uri(document).AbsoluteUri,
                            ["languageId"] = "csharp",
                            ["version"] = 1,
                            ["text"] = text,
                        },
                    });
                }
                else if (method == "textDocument/publishDiagnostics"
                    && new Uri((string)message["params"]!["uri"]!).LocalPath == document)
                {
                    // Compiler diagnostics may come first; the analyzers' follow once they have run.
                    var diagnostics = message["params"]!["diagnostics"]!.AsArray();
                    if (diagnostics.Any(d => (string?)d?["code"] == "SNAP001")) published = diagnostics;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No SNAP001 from csharp-ls within {ServerTimeout}:\n{server.Log}");
        }

        Assert.True(configurationAsked, "csharp-ls never asked for the csharp settings:\n" + server.Log);
        Assert.True(published is not null, $"No SNAP001 from csharp-ls within {ServerTimeout}:\n{server.Log}");
        // The status-report listener hands its snapshot to a queue one call away, which SNAP001 reports too.
        var snap = Assert.Single(published, d => (string?)d?["code"] == "SNAP001" && Range(d!["range"]!) == expected)!;
        Assert.Equal(2, (int?)snap["severity"]); // Warning
        Assert.Equal(
            "https://github.com/stalesnapshot/stalesnapshot/blob/main/docs/rules/SNAP001.md",
            (string?)snap["codeDescription"]?["href"]);
    }

    private static ((int Line, int Character) Start, (int Line, int Character) End) Range(JsonNode range) =>
        (((int)range["start"]!["line"]!, (int)range["start"]!["character"]!),
         ((int)range["end"]!["line"]!, (int)range["end"]!["character"]!));

    /// <summary>The 0-based LSP range of a one-line fragment of the text.</summary>
    private static ((int Line, int Character) Start, (int Line, int Character) End) RangeOf(string text, string fragment)
    {
        var offset = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"'{fragment}' not found");
        var line = text[..offset].Count(c => c == '\n');
        var character = offset - (text.LastIndexOf('\n', offset) + 1);
        return ((line, character), (line, character + fragment.Length));
    }
}
