using System.Diagnostics;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project SecureAiChat.Benchmarks [-- --quick] [--out PATH]</c>: starts the app on
/// SQLite with the fake upstream on loopback, measures every figure against its baseline in the same run and
/// writes the Markdown table (docs/benchmarks.md for a full run unless --out says otherwise).
/// </summary>
public static class BenchmarkProgram
{
    private static BenchSettings Settings { get; set; } = new();

    public static async Task<int> Main(string[] args)
    {
        var settings = Settings = BenchSettings.Parse(args);
        var outPath = settings.OutPath ?? (settings.Quick ? null : Path.Combine(SolutionRoot(), "docs", "benchmarks.md"));
        var clock = Stopwatch.StartNew();
        var report = new Report(settings);
        Console.WriteLine($"Secure AI Chat benchmarks, {settings.Describe()}");

        await using (var app = new BenchHost())
        {
            await app.InitializeAsync();
            await using var browser = await ChatBrowser.SignInAsync(app);
            await Step("1", "first token", () => FirstTokenBenchmarks.RunAsync(app, browser, settings, report));
            await Step("2", "delivery", () => DeliveryBenchmarks.RunAsync(app, browser, settings, report));
            await Step("3,4", "concurrency and memory", () => ConcurrencyBenchmarks.RunAsync(app, browser, settings, report));
            await Step("5", "long conversation", () => LongConversationBenchmarks.RunAsync(app, browser, settings, report));
            await Step("6", "tenant resolution", () => TenantRequestBenchmarks.RunAsync(app, settings, report));
            await Step("7", "signup", () => SignupBenchmarks.RunAsync(app, settings, report));
            await Step("8", "personal-data check", () => PersonalDataBenchmarks.RunAsync(settings, report));
            await Step("9", "audit log", () => AuditBenchmarks.RunAsync(app, settings, report));
            await Step("10", "budget check", () => BudgetBenchmarks.RunAsync(app, settings, report));
            await Step("11", "usage rollups", () => UsageRollupBenchmarks.RunAsync(app, settings, report));
            await Step("12", "one vs three instances behind the balancer", () => ClusterBenchmarks.RunAsync(settings, report));
            await Step("13", "page load against a bare Blazor page", () => BarePageBenchmarks.RunAsync(app, browser, settings, report));
        }

        var markdown = report.ToMarkdown(clock.Elapsed);
        Console.WriteLine();
        Console.WriteLine(markdown);
        if (outPath is not null)
        {
            BenchmarksDocument.Write(outPath, markdown);
            Console.WriteLine($"Written to {outPath}");
        }

        return 0;
    }

    private static async Task Step(string figure, string name, Func<Task> run)
    {
        // "3,4": one step measures both figures (it skips the one not asked for).
        if (!figure.Split(',').Any(Settings.Runs))
        {
            return;
        }

        Console.WriteLine($"== {figure} {name}");
        var clock = Stopwatch.StartNew();
        await run();
        Console.WriteLine($"   ({clock.Elapsed.TotalSeconds:0} s)");
    }

    private static string SolutionRoot()
    {
        var dir = new DirectoryInfo(Environment.CurrentDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SecureAiChat.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository (SecureAiChat.sln not found above the current folder).");
    }
}

/// <summary>
/// docs/benchmarks.md keeps its hand-written sections (targets, reasons, before/after of fixes); a run replaces
/// only the part between the markers.
/// </summary>
public static class BenchmarksDocument
{
    public const string Begin = "<!-- benchmark-run:begin -->";
    public const string End = "<!-- benchmark-run:end -->";

    public static void Write(string path, string run)
    {
        var generated = $"{Begin}\n{run.TrimEnd()}\n{End}";
        var existing = File.Exists(path) ? File.ReadAllText(path) : "";
        var start = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var text = start >= 0 && end > start
            ? existing[..start] + generated + existing[(end + End.Length)..]
            : existing + (existing.Length > 0 ? "\n\n" : "") + generated + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }
}
