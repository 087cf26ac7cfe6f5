using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace StaleSnapshot.Analyzers;

/// <summary>
/// The AdditionalFile naming third-party sources: one entry a line, the registration member's and the
/// current-state member's documentation-comment IDs separated by white space; <c>#</c> starts a comment.
/// </summary>
internal static class SourceConfiguration
{
    public const string FileName = "stalesnapshot.sources.txt";

    public sealed class Entry
    {
        public Entry(string registrationId, string currentStateId)
        {
            RegistrationId = registrationId;
            CurrentStateId = currentStateId;
        }

        public string RegistrationId { get; }

        public string CurrentStateId { get; }
    }

    public sealed class Error
    {
        public Error(int lineNumber, TextSpan span, LinePositionSpan lineSpan, string reason)
        {
            LineNumber = lineNumber;
            Span = span;
            LineSpan = lineSpan;
            Reason = reason;
        }

        /// <summary>One-based, as editors show it.</summary>
        public int LineNumber { get; }

        public TextSpan Span { get; }

        public LinePositionSpan LineSpan { get; }

        public string Reason { get; }
    }

    public static bool IsConfiguration(AdditionalText file) =>
        string.Equals(Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase);

    public static (ImmutableArray<Entry> Entries, ImmutableArray<Error> Errors) Parse(SourceText text)
    {
        var entries = ImmutableArray.CreateBuilder<Entry>();
        var errors = ImmutableArray.CreateBuilder<Error>();
        foreach (var line in text.Lines)
        {
            var content = line.ToString();
            var comment = content.IndexOf('#');
            if (comment >= 0) content = content.Substring(0, comment);
            var fields = content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0) continue;

            var reason = fields.Length != 2
                ? $"expected 2 documentation-comment IDs (registration, current state), found {fields.Length}"
                : Check(fields[0], "registration", "M:", "E:") ?? Check(fields[1], "current state", "P:", "M:", "F:");
            if (reason is null)
            {
                entries.Add(new Entry(fields[0], fields[1]));
            }
            else
            {
                errors.Add(new Error(line.LineNumber + 1, line.Span, text.Lines.GetLinePositionSpan(line.Span), reason));
            }
        }
        return (entries.ToImmutable(), errors.ToImmutable());
    }

    /// <summary>All entries of every configuration file; malformed lines are skipped (SNAP004 reports them).</summary>
    public static IEnumerable<Entry> EntriesOf(ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
    {
        foreach (var file in files)
        {
            if (!IsConfiguration(file)) continue;
            var text = file.GetText(cancellationToken);
            if (text is null) continue;
            foreach (var entry in Parse(text).Entries) yield return entry;
        }
    }

    private static string? Check(string id, string role, params string[] prefixes)
    {
        if (Array.FindIndex(prefixes, p => id.StartsWith(p, StringComparison.Ordinal)) < 0)
        {
            return $"the {role} ID '{id}' must start with {string.Join(" or ", prefixes)}";
        }
        if (id.Length <= 2) return $"the {role} ID '{id}' names no member";
        return Balanced(id) ? null : $"the {role} ID '{id}' has unbalanced brackets";
    }

    private static bool Balanced(string id)
    {
        var open = new Stack<char>();
        foreach (var c in id)
        {
            switch (c)
            {
                case '(' or '{' or '[':
                    open.Push(c);
                    break;
                case ')' or '}' or ']':
                    var expected = c == ')' ? '(' : c == '}' ? '{' : '[';
                    if (open.Count == 0 || open.Pop() != expected) return false;
                    break;
            }
        }
        return open.Count == 0;
    }
}
