using System.Globalization;

namespace SecureAiChat.Benchmarks;

/// <summary>How much to measure. <c>--quick</c> keeps the whole run near a minute so ./test.sh can run it.</summary>
public sealed record BenchSettings
{
    public bool Quick { get; init; }

    /// <summary>Where the Markdown table goes; the full run writes docs/benchmarks.md by default.</summary>
    public string? OutPath { get; init; }

    /// <summary>Figure numbers to run (e.g. "1,5"); empty = all. For working on one figure.</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    public bool Runs(string figure) => Only.Count == 0 || Only.Contains(figure);

    public int FirstTokenServerRepeats => Quick ? 30 : 300;
    public int FirstTokenBrowserRepeats => Quick ? 8 : 60;
    public int DeliveryRepeats => Quick ? 1 : 5;
    public TimeSpan DeliveryStreamLength => TimeSpan.FromSeconds(Quick ? 1.5 : 4);

    /// <summary>
    /// Pages streaming at once. The target names 100; on the 2 shared cores of the reference machine Chromium's
    /// renderers for 100 pages compete with the server and opening them alone takes minutes, so 50 is the most
    /// the full run measures (the stall target is judged at the largest N, and the report says so).
    /// </summary>
    public IReadOnlyList<int> ConcurrentPages => Quick ? [4] : [10, 50];
    public int ConcurrencyRounds => Quick ? 1 : 3;
    public int LongConversationRepeats => Quick ? 1 : 3;
    public int LongConversationMessages => Quick ? 100 : 500;

    /// <summary>Token rate of the 13 KB answer (the delivery figure's lower rate in the full run).</summary>
    public int LongAnswerTokensPerSecond => Quick ? 1000 : 200;
    public int SignupRepeats => Quick ? 1 : 5;

    /// <summary>Audit figures: saves timed with and without an entry, and the chain length of the viewer and verify figures.</summary>
    public int AuditWriteRepeats => Quick ? 40 : 500;
    public int AuditChainLength => Quick ? 20_000 : 1_000_000;

    /// <summary>Usage rollup figures (11): records seeded over 13 months in as many workspaces, new records per incremental run.</summary>
    /// <summary>
    /// <c>--usage-records N</c>: a smaller history than the target's 10 million at the full run's density (50,000 records per
    /// workspace), for a machine or a deadline that cannot wait for the full seed and rollup.
    /// </summary>
    public int? UsageRecordsOverride { get; init; }

    public int UsageWorkspaces => UsageRecordsOverride is { } n ? Math.Max(1, n / 50_000) : Quick ? 4 : 200;
    public int UsageRecords => UsageRecordsOverride ?? (Quick ? 20_000 : 10_000_000);
    public int UsageIncrementalRecords => Quick ? 1_000 : 10_000;
    public int UsageIncrementalRounds => Quick ? 2 : 3;
    public int UsageQueryRepeats => Quick ? 5 : 20;

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < args.Length; i++)
        {
            settings = args[i] switch
            {
                "--quick" => settings with { Quick = true },
                "--out" when i + 1 < args.Length => settings with { OutPath = args[++i] },
                "--usage-records" when i + 1 < args.Length => settings with { UsageRecordsOverride = int.Parse(args[++i], CultureInfo.InvariantCulture) },
                "--only" when i + 1 < args.Length => settings with { Only = args[++i].Split(',').ToHashSet() },
                _ => throw new ArgumentException($"Unknown argument {args[i]}. Usage: [--quick] [--out PATH] [--only 1,2,...] [--usage-records N]"),
            };
        }

        return settings;
    }

    public string Describe() => Quick
        ? "quick (smoke run: few repeats, small N; figures are not representative)"
        : string.Create(CultureInfo.InvariantCulture, $"full ({FirstTokenServerRepeats} server / {FirstTokenBrowserRepeats} browser first-token repeats, N = {string.Join(", ", ConcurrentPages)} pages)");
}
