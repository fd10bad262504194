using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Architecture;

/// <summary>
/// The feature namespaces of SecureAiChat.Core depend on each other without cycles, so a feature can be read, tested
/// and changed from the ones below it. A dependency that closes a cycle fails here, naming the namespaces and files.
/// </summary>
public sealed class NamespaceCycleTests
{
    /// <summary>
    /// Dependencies that still close a cycle today, each to be removed (then its line goes: a listed edge that no longer
    /// exists fails <see cref="Every_allowed_cycle_dependency_still_exists"/>, so the list only shrinks). With these
    /// taken out the graph has no cycle. Never add a line to make a new dependency pass: move the type to the
    /// namespace that owns it, or put a small interface in the lower namespace.
    /// </summary>
    private static readonly (string From, string To)[] AllowedCycleEdges =
    [
        // Empty: every cycle is broken (the last, Budgets<->Usage, by Usage's IAnswerHold).
    ];

    private static readonly CoreNamespaceGraph Core = CoreNamespaceGraph.FromProject(SolutionPaths.Project("SecureAiChat.Core"));

    [Fact]
    public void Core_namespaces_have_no_cycle_outside_the_allowed_dependencies()
    {
        var edges = Core.Edges.Where(e => !AllowedCycleEdges.Contains(e)).ToList();
        var cycles = CoreNamespaceGraph.Cycles(edges);
        Assert.True(cycles.Count == 0, "Namespace cycles in SecureAiChat.Core:" + Environment.NewLine + string.Join(Environment.NewLine,
            cycles.Select(group => string.Join(" ", group) + Environment.NewLine + string.Join(Environment.NewLine,
                edges.Where(e => group.Contains(e.From) && group.Contains(e.To))
                    .Select(e => $"  {e.From} -> {e.To}: {string.Join(", ", Core.Files(e.From, e.To))}")))));
    }

    [Fact]
    public void Every_allowed_cycle_dependency_still_exists()
    {
        var gone = AllowedCycleEdges.Where(e => !Core.Edges.Contains(e)).Select(e => $"{e.From} -> {e.To}").ToList();
        Assert.True(gone.Count == 0, "Remove from AllowedCycleEdges, the dependency is gone: " + string.Join(", ", gone));
    }

    [Fact]
    public void A_using_that_closes_a_cycle_is_found()
    {
        var graph = CoreNamespaceGraph.FromSources(
        [
            ("Team/Member.cs", "using SecureAiChat.Core.Security;\nnamespace SecureAiChat.Core.Team;\npublic sealed class Member { SecuritySettings? s; }"),
            ("Security/SecuritySettings.cs", "namespace SecureAiChat.Core.Security;\npublic sealed class SecuritySettings { }"),
            ("Sso/SsoSignIn.cs", "using SecureAiChat.Core.Team;\nnamespace SecureAiChat.Core.Sso;\npublic sealed class SsoSignIn { }"),
        ]);
        Assert.Empty(CoreNamespaceGraph.Cycles(graph.Edges));

        var closed = CoreNamespaceGraph.FromSources(
        [
            ("Team/Member.cs", "using SecureAiChat.Core.Security;\nnamespace SecureAiChat.Core.Team;\npublic sealed class Member { }"),
            ("Security/SecuritySettings.cs", "namespace SecureAiChat.Core.Security;\npublic sealed class SecuritySettings { Sso.SsoSignIn? s; }"),
            ("Sso/SsoSignIn.cs", "using SecureAiChat.Core.Team;\nnamespace SecureAiChat.Core.Sso;\npublic sealed class SsoSignIn { }"),
        ]);
        Assert.Equal(new[] { "Security", "Sso", "Team" }, Assert.Single(CoreNamespaceGraph.Cycles(closed.Edges)));
        Assert.Equal(new[] { "Security/SecuritySettings.cs" }, closed.Files("Security", "Sso"));
    }

    [Fact]
    public void Comments_do_not_count_as_dependencies()
    {
        var graph = CoreNamespaceGraph.FromSources(
        [
            ("Team/Member.cs", "namespace SecureAiChat.Core.Team;\n/// <see cref=\"SecureAiChat.Core.Sso.SsoSignIn\"/>\npublic sealed class Member { } // Sso.SsoSignIn"),
            ("Sso/SsoSignIn.cs", "namespace SecureAiChat.Core.Sso;\npublic sealed class SsoSignIn { }"),
        ]);
        Assert.Empty(graph.Edges);
    }
}
