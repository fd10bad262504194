using System.Text.RegularExpressions;

namespace SecureAiChat.Tests.Architecture;

/// <summary>
/// Which feature namespace of SecureAiChat.Core (its second segment: Usage, Team, DataGovernance.Export counts as
/// DataGovernance) uses which, read from the source: a using directive, a fully qualified name, or a name qualified
/// relative to SecureAiChat.Core ("Budgets.BudgetLevel"). Source rather than reflection: most dependencies are in
/// method bodies (a static call, a local), which reflection over signatures does not see. Comments do not count.
/// </summary>
public sealed partial class CoreNamespaceGraph
{
    /// <summary>
    /// Composition roots, which see every feature by design: the context lists every feature's entity set, its
    /// design-time factories and DI registration build it. Every other file of Data counts.
    /// </summary>
    public static readonly string[] CompositionRoots =
        ["Data/AppDbContext.cs", "Data/DesignTimeFactories.cs", "Data/DataServiceCollectionExtensions.cs"];

    private readonly Dictionary<(string From, string To), SortedSet<string>> _edges = [];

    public IReadOnlyCollection<(string From, string To)> Edges => _edges.Keys;

    /// <summary>The files (relative paths) through which <paramref name="from"/> uses <paramref name="to"/>.</summary>
    public IReadOnlyCollection<string> Files(string from, string to) => _edges.TryGetValue((from, to), out var files) ? files : [];

    public static CoreNamespaceGraph FromProject(string projectDirectory)
    {
        var files = Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(p => (Path: Path.GetRelativePath(projectDirectory, p).Replace('\\', '/'), Full: p))
            .Where(f => !f.Path.StartsWith("bin/", StringComparison.Ordinal) && !f.Path.StartsWith("obj/", StringComparison.Ordinal))
            .Where(f => !f.Path.Contains("/Migrations/", StringComparison.Ordinal))
            .Where(f => !CompositionRoots.Contains(f.Path))
            .Select(f => (f.Path, Source: File.ReadAllText(f.Full)));
        return FromSources(files);
    }

    public static CoreNamespaceGraph FromSources(IEnumerable<(string Path, string Source)> files)
    {
        var parsed = new List<(string Path, string Feature, string Code)>();
        var declared = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (path, source) in files)
        {
            var ns = NamespacePattern().Match(source);
            if (!ns.Success) continue;
            var segments = ns.Groups[1].Value.Split('.');
            if (segments.Length < 3 || segments[0] != "SecureAiChat" || segments[1] != "Core") continue;
            var feature = segments[2];
            var names = declared.TryGetValue(feature, out var set) ? set : declared[feature] = new HashSet<string>(StringComparer.Ordinal);
            var code = LineComment().Replace(source, "");
            foreach (Match m in DeclarationPattern().Matches(code)) names.Add(m.Groups[1].Value);
            if (segments.Length > 3) names.Add(segments[3]);
            parsed.Add((path, feature, code));
        }

        var graph = new CoreNamespaceGraph();
        foreach (var (path, feature, code) in parsed)
        {
            var used = new HashSet<string>(StringComparer.Ordinal);
            foreach (Match m in QualifiedPattern().Matches(code)) used.Add(m.Groups[1].Value);
            foreach (Match m in RelativePattern().Matches(code))
            {
                if (declared.TryGetValue(m.Groups[1].Value, out var names) && names.Contains(m.Groups[2].Value)) used.Add(m.Groups[1].Value);
            }
            foreach (var to in used.Where(u => u != feature && declared.ContainsKey(u)))
            {
                if (!graph._edges.TryGetValue((feature, to), out var through)) graph._edges[(feature, to)] = through = new SortedSet<string>(StringComparer.Ordinal);
                through.Add(path);
            }
        }
        return graph;
    }

    /// <summary>The strongly connected groups of more than one namespace (each holds at least one cycle), Tarjan's algorithm.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cycles(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().OrderBy(t => t, StringComparer.Ordinal).ToList());
        var nodes = next.Keys.Concat(next.Values.SelectMany(v => v)).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var groups = new List<IReadOnlyList<string>>();
        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (index.TryGetValue(w, out var seen))
                {
                    if (onStack.Contains(w)) low[v] = Math.Min(low[v], seen);
                }
                else
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
            }
            if (low[v] != index[v]) return;
            var group = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                group.Add(member);
            }
            while (member != v);
            if (group.Count > 1) groups.Add(group.OrderBy(n => n, StringComparer.Ordinal).ToList());
        }
        foreach (var node in nodes.Where(n => !index.ContainsKey(n))) Visit(node);
        return groups;
    }

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(\w+)")]
    private static partial Regex DeclarationPattern();

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();

    [GeneratedRegex(@"\bSecureAiChat\.Core\.(\w+)")]
    private static partial Regex QualifiedPattern();

    [GeneratedRegex(@"(?<![\w.])([A-Z]\w*)\.([A-Z]\w*)")]
    private static partial Regex RelativePattern();
}
