namespace StaleSnapshot.Runtime;

/// <summary>The state a plugin reports, as in Open Policy Agent's plugin manager.</summary>
public enum PluginState
{
    /// <summary>Not ready yet (the state every plugin starts in).</summary>
    NotReady,
    /// <summary>Working.</summary>
    Ok,
    /// <summary>Failed.</summary>
    Error,
    /// <summary>Working, with a problem worth a look.</summary>
    Warn,
}

/// <summary>A plugin's reported state and an optional message. Immutable.</summary>
public sealed record PluginStatus(PluginState State, string? Message = null)
{
    /// <summary>Shared instance for <see cref="PluginState.NotReady"/> without a message.</summary>
    public static PluginStatus NotReady { get; } = new(PluginState.NotReady);

    /// <summary>Shared instance for <see cref="PluginState.Ok"/> without a message.</summary>
    public static PluginStatus Ok { get; } = new(PluginState.Ok);

    /// <summary>The state, and the message after a colon when there is one: <c>Ok</c>, <c>Error: timeout</c>.</summary>
    public override string ToString() => Message is null ? State.ToString() : $"{State}: {Message}";
}
