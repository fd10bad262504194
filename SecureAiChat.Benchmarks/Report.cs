using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SecureAiChat.Benchmarks;

/// <summary>One line of the table: what the app adds (or achieves) against a baseline of the same run.</summary>
/// <param name="Id">Figure number of the issue (1a, 2b...).</param>
/// <param name="Baseline">The baseline's median, measured in the same run.</param>
/// <param name="App">The app's median.</param>
/// <param name="Result">The figure compared with the target (a difference or a ratio).</param>
/// <param name="Spread">IQR over samples, or min–max over repeats.</param>
/// <param name="Met">Null when the figure has no target (context only).</param>
public sealed record Figure(string Id, string Name, string Baseline, string App, string Result, string Spread, string Target, bool? Met, string? Note = null);

/// <summary>Collects figures and writes them as Markdown with the machine, date and commit.</summary>
public sealed class Report(BenchSettings settings)
{
    private readonly List<Figure> _figures = [];
    private readonly List<string> _notes = [];
    // The machine's load when the run started: what else competed for the cores (the run's own Chromium counts too).
    private readonly string _loadAtStart = LoadAverage();

    public IReadOnlyList<Figure> Figures => _figures;

    public void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Id} {figure.Name}: {figure.Result} (baseline {figure.Baseline}, app {figure.App}, spread {figure.Spread}) target {figure.Target} → {MetText(figure.Met)}");
    }

    public void Note(string note) => _notes.Add(note);

    public string ToMarkdown(TimeSpan elapsed)
    {
        var md = new StringBuilder();
        md.AppendLine("## Latest run").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; run took {elapsed.TotalMinutes:0.0} min; mode: {settings.Describe()}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Commit: `{Git("rev-parse --short HEAD")}`{(Git("status --porcelain").Length > 0 ? " (with uncommitted changes)" : "")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} logical cores ({CpuModel()}), {MemoryGb()} GB RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, {Build()}; load average (1, 5, 15 min) {_loadAtStart} at the start, {LoadAverage()} at the end");
        md.AppendLine("- Every figure is the app against a baseline measured in the same run (interleaved where possible); medians, spread = IQR over samples or min–max over repeats.");
        md.AppendLine();
        md.AppendLine("| # | Figure | Baseline (same run) | App | Figure vs target | Spread | Target | Met |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var f in _figures)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {f.Id} | {f.Name} | {f.Baseline} | {f.App} | **{f.Result}** | {f.Spread} | {f.Target} | {MetText(f.Met)} |");
        }

        var notes = _figures.Where(f => f.Note is not null).Select(f => $"{f.Id}: {f.Note}").Concat(_notes).ToList();
        if (notes.Count > 0)
        {
            md.AppendLine().AppendLine("Notes:").AppendLine();
            foreach (var note in notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }

        return md.ToString();
    }

    private static string MetText(bool? met) => met switch { true => "met", false => "**missed**", null => "–" };

    private static string Build() =>
#if DEBUG
        "Debug build";
#else
        "Release build";
#endif

    private static string Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (git not found)";
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string MemoryGb() =>
        (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024).ToString("0", CultureInfo.InvariantCulture);
}
