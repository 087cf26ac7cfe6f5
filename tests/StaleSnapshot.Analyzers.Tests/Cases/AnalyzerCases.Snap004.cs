namespace StaleSnapshot.Analyzers.Tests;

internal static partial class AnalyzerCases
{
    private const string TickerCode = """
        using System;
        namespace Vendor
        {
            public static class Ticker
            {
                public static decimal Price;
                public static void Listen(Action<decimal> onTick) { }
            }
        }

        """;

    /// <summary>Configuration files; the lines the analyzer must report are listed in <see cref="MalformedLines"/>.</summary>
    public static IReadOnlyList<AnalyzerCase> Snap004Reported => field ??=
    [
        new("malformed configuration lines", TickerCode, DiagnosticIds.MalformedSourceConfiguration)
        {
            Configuration = """
                # Sources for the vendor SDK
                M:Vendor.Ticker.Listen(System.Action{System.Decimal}) F:Vendor.Ticker.Price

                M:Vendor.Ticker.Listen(System.Action{System.Decimal})
                T:Vendor.Ticker F:Vendor.Ticker.Price
                M:Vendor.Ticker.Listen(System.Action{System.Decimal} F:Vendor.Ticker.Price
                M:Vendor.Ticker.Listen(System.Action{System.Decimal}) F:Vendor.Ticker.Price extra # three fields
                M:Vendor.Ticker.Listen(System.Action{System.Decimal}) X:
                """,
        },
    ];

    public static IReadOnlyDictionary<string, (int Line, string Reason)[]> MalformedLines => field ??= new Dictionary<string, (int, string)[]>
    {
        ["malformed configuration lines"] =
        [
            (4, "expected 2 documentation-comment IDs (registration, current state), found 1"),
            (5, "the registration ID 'T:Vendor.Ticker' must start with M: or E:"),
            (6, "the registration ID 'M:Vendor.Ticker.Listen(System.Action{System.Decimal}' has unbalanced brackets"),
            (7, "expected 2 documentation-comment IDs (registration, current state), found 3"),
            (8, "the current state ID 'X:' must start with P: or M: or F:"),
        ],
    };

    public static IReadOnlyList<AnalyzerCase> Snap004NotReported => field ??=
    [
        new("well-formed configuration with comments and blank lines", TickerCode)
        {
            Configuration = "\n# comment only\n   \nM:Vendor.Ticker.Listen(System.Action{System.Decimal})\tF:Vendor.Ticker.Price  # trailing comment\r\nM:Absent.Type.Method P:Absent.Type.Value\n",
        },
    ];
}
