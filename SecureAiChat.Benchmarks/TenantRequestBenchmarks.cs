using Microsoft.Extensions.Logging;
using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 6 (BenchmarkDotNet, in process against the running app's services): what tenant resolution plus
/// authentication and authorization of the session cookie add to a request, on a tenant cache hit and miss.
/// The baseline is the part every request pays anyway: a DI scope and an HttpContext.
/// </summary>
public class TenantRequestBenchmarks
{
    private static BenchHost? _app;
    private static string _cookie = "";
    private IServiceProvider _services = default!;
    private IMultiTenantStore<AppTenantInfo> _store = default!;
    private AuthorizationPolicy _policy = default!;
    private HostString _host;
    private System.Security.Claims.ClaimsPrincipal _principal = default!;

    public static async Task RunAsync(BenchHost app, BenchSettings settings, Report report)
    {
        _app = app;
        var cookies = new CookieContainer();
        using (await app.SignInAsync(BenchHost.TenantIdentifier, app.MemberEmail, cookies: cookies))
        {
            _cookie = cookies.GetCookieHeader(app.TenantUri(BenchHost.TenantIdentifier));
        }

        // Quick: a smoke run of a few seconds; full: 20 iterations of BenchmarkDotNet's usual length.
        var job = (settings.Quick
                ? Job.Dry.WithWarmupCount(1).WithIterationCount(5).WithIterationTime(TimeInterval.FromMilliseconds(50)).WithStrategy(RunStrategy.Throughput)
                : Job.Default.WithWarmupCount(5).WithIterationCount(20))
            .WithToolchain(InProcessNoEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "sac-bench-artifacts"))
            // Quick runs use ./test.sh's Debug build (a smoke run); full runs are Release.
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<TenantRequestBenchmarks>(config);

        double Median(string method) => summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method)
            .ResultStatistics?.Median / 1000 ?? throw new InvalidOperationException($"{method} produced no result.");
        string Iqr(string method)
        {
            var s = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method).ResultStatistics!;
            return $"IQR {Stats.F(s.Q1 / 1000, "0.0")}–{Stats.F(s.Q3 / 1000, "0.0")} µs";
        }

        var bare = Median(nameof(BareRequest));
        var tenancy = Median(nameof(TenancyCacheHit));
        var hit = Median(nameof(CacheHit));
        var miss = Median(nameof(CacheMiss));
        report.Add(new Figure("6a", "Tenant resolution + tenant check + authorization per request, tenant cache hit (session already authenticated)",
            $"{Stats.F(bare, "0.0")} µs bare request", $"{Stats.F(tenancy, "0.0")} µs", $"+{Stats.F(tenancy - bare, "0.0")} µs", Iqr(nameof(TenancyCacheHit)), "≤ 20 µs", tenancy - bare <= 20));
        report.Add(new Figure("6b", "Same plus decrypting and validating the session cookie (what ASP.NET Core Identity costs any app), cache hit",
            $"{Stats.F(bare, "0.0")} µs bare request", $"{Stats.F(hit, "0.0")} µs", $"+{Stats.F(hit - bare, "0.0")} µs", Iqr(nameof(CacheHit)), "–", null));
        report.Add(new Figure("6c", "Same with cookie, tenant cache miss (SQLite lookup)",
            $"{Stats.F(bare, "0.0")} µs bare request", $"{Stats.F(miss, "0.0")} µs", $"+{Stats.F(miss - bare, "0.0")} µs", Iqr(nameof(CacheMiss)), "–", null));
    }

    [GlobalSetup]
    public void Setup()
    {
        _services = _app!.Services;
        _store = _services.GetRequiredService<IMultiTenantStore<AppTenantInfo>>();
        _policy = _services.GetRequiredService<IAuthorizationPolicyProvider>().GetDefaultPolicyAsync().GetAwaiter().GetResult();
        _host = new HostString($"{BenchHost.TenantIdentifier}.localhost", _app.Port);
        // The principal the session cookie carries, decrypted once.
        using var scope = _services.CreateScope();
        var context = NewContext(new AsyncServiceScope(scope));
        scope.ServiceProvider.GetRequiredService<IMultiTenantContextSetter>().SetTenant(
            scope.ServiceProvider.GetRequiredService<ITenantResolver<AppTenantInfo>>().ResolveAsync(_host.Host).GetAwaiter().GetResult());
        _principal = context.AuthenticateAsync(IdentityConstants.ApplicationScheme).GetAwaiter().GetResult().Principal
            ?? throw new InvalidOperationException("The session cookie was refused.");
    }

    [Benchmark(Baseline = true)]
    public async Task<int> BareRequest()
    {
        await using var scope = _services.CreateAsyncScope();
        return NewContext(scope).Response.StatusCode;
    }

    /// <summary>What tenancy adds: resolution (cache hit), the principal's tenant check and authorization; the session is already authenticated.</summary>
    [Benchmark]
    public async Task<bool> TenancyCacheHit()
    {
        await using var scope = _services.CreateAsyncScope();
        var context = NewContext(scope);
        var authorized = false;
        var tenancy = new MultiTenantMiddleware(async ctx =>
        {
            var tenant = ctx.RequestServices.GetRequiredService<ICurrentTenant>().TenantId;
            ctx.User = _principal;
            var sameTenant = tenant is not null && _principal.FindFirst(AppClaimTypes.TenantId)?.Value == tenant;
            var decision = await ctx.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(ctx.User, _policy);
            authorized = sameTenant && decision.Succeeded;
        });
        await tenancy.InvokeAsync(context,
            scope.ServiceProvider.GetRequiredService<IMultiTenantStrategy>(),
            scope.ServiceProvider.GetRequiredService<ITenantResolver<AppTenantInfo>>(),
            scope.ServiceProvider.GetRequiredService<IMultiTenantContextSetter>(),
            scope.ServiceProvider.GetRequiredService<ILogger<MultiTenantMiddleware>>());
        return authorized ? true : throw new InvalidOperationException("Refused: the benchmark would measure the wrong path.");
    }

    [Benchmark]
    public Task<bool> CacheHit() => ResolveAndAuthorizeAsync();

    [Benchmark]
    public Task<bool> CacheMiss()
    {
        _store.Invalidate(_app!.Tenant);
        return ResolveAndAuthorizeAsync();
    }

    /// <summary>The product's tenant middleware, then what the authentication and authorization middleware do for a page.</summary>
    private async Task<bool> ResolveAndAuthorizeAsync()
    {
        await using var scope = _services.CreateAsyncScope();
        var context = NewContext(scope);
        var authorized = false;
        var tenancy = new MultiTenantMiddleware(async ctx =>
        {
            var result = await ctx.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            if (result.Succeeded)
            {
                ctx.User = result.Principal;
            }

            var decision = await ctx.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(ctx.User, _policy);
            authorized = decision.Succeeded;
        });
        await tenancy.InvokeAsync(context,
            scope.ServiceProvider.GetRequiredService<IMultiTenantStrategy>(),
            scope.ServiceProvider.GetRequiredService<ITenantResolver<AppTenantInfo>>(),
            scope.ServiceProvider.GetRequiredService<IMultiTenantContextSetter>(),
            scope.ServiceProvider.GetRequiredService<ILogger<MultiTenantMiddleware>>());
        return authorized ? true : throw new InvalidOperationException("The session was refused: the benchmark would measure the wrong path.");
    }

    private DefaultHttpContext NewContext(AsyncServiceScope scope)
    {
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = _host;
        context.Request.Path = "/chat";
        context.Request.Headers.Cookie = _cookie;
        return context;
    }
}
