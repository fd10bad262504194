using System.Diagnostics;
using Microsoft.Playwright;
using SecureAiChat.Tests.E2E.Cluster;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 12: answers per second and first-token p95 with one vs three instances behind the balancer. The local cluster
/// of the multi-instance suite (<see cref="ClusterFixture"/>: <c>deploy/local-cluster/cluster.sh</c>, the published app
/// as Production instances on PostgreSQL, HAProxy on TLS, the fake upstream on loopback as the system default model).
/// N members, each in a Chromium context of their own with the first-token probe, ask short answers back to back
/// (closed loop) through the balancer: first spread over the three instances by the stickiness cookie, then — the
/// other two instances stopped with SIGTERM — all on instance 1, then on three again once the two are started again
/// (A-B-A, so neither configuration has all the warm rounds). Answers per second = answers / wall time of the round;
/// first token = Enter to the first render of the answer in the page.
/// </summary>
public static class ClusterBenchmarks
{
    private const int Tokens = 30;
    private const double TokensPerSecond = 300;

    public static async Task RunAsync(BenchSettings settings, Report report)
    {
        if (Environment.GetEnvironmentVariable(PostgreSqlTestServer.Variable) is not { Length: > 0 } || Environment.GetEnvironmentVariable(ClusterFixture.AppVariable) is not { Length: > 0 })
        {
            report.Note($"12: not measured: set {PostgreSqlTestServer.Variable} (a PostgreSQL server) and {ClusterFixture.AppVariable} (a `dotnet publish SecureAiChat.Web -c Release` folder), as ./test.sh does for the multi-instance suite.");
            return;
        }

        var members = settings.Quick ? 3 : 9;
        var answersPerMember = settings.Quick ? 2 : 5;
        var repeats = settings.Quick ? 1 : 2;
        var cluster = new ClusterFixture();
        await cluster.InitializeAsync();
        try
        {
            var tenant = await cluster.Seed.CreateTenantAsync("bench-cluster", "ベンチクラスタ株式会社", plan: "Standard");
            var marker = "bench-cluster-answer";
            cluster.ScriptAnswer(marker, BenchHost.Paced(BenchHost.NumberedTokens(Tokens), TokensPerSecond));
            var sessions = new List<System.Net.CookieContainer>();
            for (var i = 0; i < members; i++)
            {
                var user = await cluster.Seed.CreateUserAsync(tenant.Id, $"member{i}@bench-cluster.example.jp");
                sessions.Add(await cluster.SignInAsync(tenant.Identifier, user.Email!));
            }

            var three = await MeasureAsync(cluster, tenant.Identifier, sessions, i => i % 3 + 1, marker + " three", answersPerMember, repeats);

            // One instance: the other two stop as a platform stops them (SIGTERM, drained), so they take no CPU.
            foreach (var n in new[] { 2, 3 })
            {
                var pid = cluster.InstancePid(n);
                using var process = Process.GetProcessById(pid);
                var (code, output) = await ClusterFixture.RunAsync("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], new Dictionary<string, string>());
                if (code != 0) throw new InvalidOperationException(output);
                await process.WaitForExitAsync();
            }

            var one = await MeasureAsync(cluster, tenant.Identifier, sessions, _ => 1, marker + " one", answersPerMember, repeats);

            // Three again (A-B-A): the first three-instance rounds ran on colder processes; both halves count.
            foreach (var n in new[] { 2, 3 })
            {
                var (code, output) = await cluster.RunScriptAsync("start-instance", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (code != 0) throw new InvalidOperationException(output);
            }

            var again = await MeasureAsync(cluster, tenant.Identifier, sessions, i => i % 3 + 1, marker + " three again", answersPerMember, repeats);
            three = ([.. three.Rates, .. again.Rates], [.. three.FirstTokens, .. again.FirstTokens]);

            var label = $"{members} members asking {answersPerMember} answers of {Tokens} tokens at {TokensPerSecond:0} tok/s back to back";
            report.Add(new Figure("12a", $"Answers per second through the balancer, {label}", $"1 instance: {Stats.F(Stats.Median(one.Rates), "0.00")}/s",
                $"3 instances: {Stats.F(Stats.Median(three.Rates), "0.00")}/s", $"×{Stats.F(Stats.Median(three.Rates) / Stats.Median(one.Rates), "0.00")}",
                $"1: {Stats.Range(one.Rates)} over {repeats} rounds, 3: {Stats.Range(three.Rates)} over {2 * repeats} (before and after)", "–", null,
                "one machine of 2 shared cores runs the instances, PostgreSQL, HAProxy, the fake upstream and Chromium: three instances add no CPU, so this shows the cost of the balancer and the shared database, not the gain of three servers"));
            report.Add(new Figure("12b", $"First-token p95 through the balancer, {label}", $"1 instance: {Stats.F(Stats.Percentile(one.FirstTokens, 95), "0")} ms",
                $"3 instances: {Stats.F(Stats.Percentile(three.FirstTokens, 95), "0")} ms",
                $"{Stats.F(Stats.Percentile(three.FirstTokens, 95) - Stats.Percentile(one.FirstTokens, 95), "+0;-0")} ms",
                $"p50 1: {Stats.F(Stats.Median(one.FirstTokens), "0")} ms, 3: {Stats.F(Stats.Median(three.FirstTokens), "0")} ms", "–", null));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    /// <summary>Opens one chat page per member on the instance <paramref name="instance"/> gives, warms each up, then measures.</summary>
    private static async Task<(List<double> Rates, List<double> FirstTokens)> MeasureAsync(ClusterFixture cluster, string identifier,
        List<System.Net.CookieContainer> sessions, Func<int, int> instance, string marker, int answersPerMember, int repeats)
    {
        var pages = new List<IPage>();
        for (var i = 0; i < sessions.Count; i++)
        {
            var page = await cluster.PageAsync(sessions[i], identifier, instance(i));
            await page.AddInitScriptAsync(ChatBrowser.ProbeScript);
            await page.GotoAsync(cluster.TenantUri(identifier, "/chat").ToString());
            await page.WaitForInteractiveAsync();
            await page.Locator("textarea[data-testid=chat-textarea][data-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            pages.Add(page);
        }

        // Warm-up: each page's conversation is created and each instance has answered once.
        await Task.WhenAll(pages.Select((page, i) => AskAsync(page, $"{marker} warm-up {i}")));

        var rates = new List<double>();
        var firstTokens = new List<double>();
        for (var round = 0; round < repeats; round++)
        {
            var clock = Stopwatch.StartNew();
            var readings = await Task.WhenAll(pages.Select(async (page, i) =>
            {
                var own = new List<double>();
                for (var a = 0; a < answersPerMember; a++) own.Add((await AskAsync(page, $"{marker} round {round} page {i} answer {a}")).FirstTokenMs);
                return own;
            }));
            rates.Add(pages.Count * answersPerMember / clock.Elapsed.TotalSeconds);
            firstTokens.AddRange(readings.SelectMany(r => r));
        }

        foreach (var page in pages)
        {
            if (await ClusterFixture.NodeOfAsync(page) is var node && node != $"app{instance(pages.IndexOf(page))}")
                throw new InvalidOperationException($"A page meant for instance {instance(pages.IndexOf(page))} was served by {node}: the figure would be mislabelled.");
            await page.Context.CloseAsync();
        }

        return (rates, firstTokens);
    }

    private static async Task<ProbeReading> AskAsync(IPage page, string text)
    {
        await ChatBrowser.SendAsync(page, text);
        return await ChatBrowser.WaitForAnswerAsync(page, pollMs: 100);
    }
}
