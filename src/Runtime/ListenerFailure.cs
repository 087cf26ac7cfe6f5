using System;

namespace StaleSnapshot.Runtime;

/// <summary>
/// A listener threw while a snapshot was delivered to it. Passed to <see cref="OrderedNotifier{T}.ListenerFailed"/>
/// (and <see cref="PluginManager.ListenerFailed"/>); the listener stays registered and gets later snapshots.
/// </summary>
public sealed class ListenerFailure
{
    internal ListenerFailure(string? listenerName, long version, Exception exception)
    {
        ListenerName = listenerName;
        Version = version;
        Exception = exception;
    }

    /// <summary>The name the listener was registered under, if it was given one.</summary>
    public string? ListenerName { get; }

    /// <summary>The version of the snapshot whose delivery failed.</summary>
    public long Version { get; }

    /// <summary>What the listener threw.</summary>
    public Exception Exception { get; }

    /// <inheritdoc/>
    public override string ToString() => $"listener '{ListenerName}' failed on v{Version}: {Exception}";
}
