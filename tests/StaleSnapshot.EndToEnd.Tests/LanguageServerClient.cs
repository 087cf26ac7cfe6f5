using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using StaleSnapshot.Tests.Shared;

namespace StaleSnapshot.EndToEnd.Tests;

/// <summary>The client half of an LSP conversation over a server's standard input and output.</summary>
internal sealed class LanguageServerClient : IAsyncDisposable
{
    private readonly Process _server;
    private readonly Stream _fromServer;
    private readonly Stream _toServer;
    private readonly StringBuilder _log = new();
    private int _nextId;

    private LanguageServerClient(Process server)
    {
        _server = server;
        _fromServer = new BufferedStream(server.StandardOutput.BaseStream);
        _toServer = server.StandardInput.BaseStream;
        server.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        server.BeginErrorReadLine();
    }

    /// <summary>What the server wrote to standard error and the client was sent, for failure messages.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Starts `dotnet &lt;command&gt;` in a folder, which finds local tools through the manifest above it.</summary>
    public static LanguageServerClient StartDotnetTool(string workingDirectory, string command) =>
        new(Process.Start(DotnetProcess.StartInfo(workingDirectory, command))!);

    public int SendRequest(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return id;
    }

    public void SendNotification(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public void Respond(JsonNode requestId, JsonNode? result) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = requestId.DeepClone(), ["result"] = result });

    /// <summary>The next message from the server, or null once it has closed its output.</summary>
    public async Task<JsonObject?> ReadAsync(CancellationToken cancellationToken)
    {
        var length = -1;
        while (await ReadHeaderLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (length < 0) throw new InvalidDataException("LSP message without Content-Length");
                var body = new byte[length];
                await _fromServer.ReadExactlyAsync(body, cancellationToken);
                var message = JsonNode.Parse(body)!.AsObject();
                lock (_log) _log.AppendLine("<- " + Shorten(message.ToJsonString()));
                return message;
            }

            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(line["Content-Length:".Length..].Trim());
            }
        }

        return null;
    }

    /// <summary>Stops the server at once; a pending read then ends.</summary>
    public void Kill()
    {
        if (!_server.HasExited) _server.Kill(entireProcessTree: true);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_server.HasExited)
            {
                SendRequest("shutdown", null);
                SendNotification("exit", null);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _server.WaitForExitAsync(grace.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // It did not stop in time, or had already closed its input: stop it below.
        }
        finally
        {
            Kill();
            _server.Dispose();
        }
    }

    private void Send(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        lock (_toServer)
        {
            _toServer.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            _toServer.Write(body);
            _toServer.Flush();
        }
    }

    private async Task<string?> ReadHeaderLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await _fromServer.ReadAsync(one, cancellationToken) == 0) return null;
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "...";
}
