using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace StaleSnapshot.Runtime;

/// <summary>
/// The statuses of all plugins at one point in time, keyed by plugin name. Immutable: safe to keep and to read
/// from any thread. <see cref="Version"/> increases with every update of the manager that produced it.
/// </summary>
public sealed class PluginStatusSnapshot : IReadOnlyDictionary<string, PluginStatus>
{
    private readonly ImmutableDictionary<string, PluginStatus> _statuses;

    /// <summary>No plugins, version 0.</summary>
    public static PluginStatusSnapshot Empty { get; } = new(ImmutableDictionary<string, PluginStatus>.Empty, 0);

    private PluginStatusSnapshot(ImmutableDictionary<string, PluginStatus> statuses, long version)
    {
        _statuses = statuses;
        Version = version;
    }

    /// <summary>The manager's update count when this snapshot was taken: a later snapshot has a larger one.</summary>
    public long Version { get; }

    /// <summary>A copy with <paramref name="pluginName"/> set to <paramref name="status"/> and the next version.</summary>
    internal PluginStatusSnapshot With(string pluginName, PluginStatus status) =>
        new(_statuses.SetItem(pluginName, status), Version + 1);

    /// <inheritdoc/>
    public PluginStatus this[string key] => _statuses[key];

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _statuses.Keys;

    /// <inheritdoc/>
    public IEnumerable<PluginStatus> Values => _statuses.Values;

    /// <inheritdoc/>
    public int Count => _statuses.Count;

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _statuses.ContainsKey(key);

    /// <inheritdoc/>
#pragma warning disable CS8767 // netstandard2.0's IReadOnlyDictionary is not nullability-annotated.
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out PluginStatus value) =>
        _statuses.TryGetValue(key, out value);
#pragma warning restore CS8767

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, PluginStatus>> GetEnumerator() => _statuses.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>For logs: the version and each plugin's status by name, as in <c>v3 [bundle=Ok, discovery=Error: timeout]</c>.</summary>
    public override string ToString() =>
        $"v{Version} [{string.Join(", ", _statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}={s.Value}"))}]";
}
