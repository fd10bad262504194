using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Hosting;

namespace SecureAiChat.Tests.Unit.Hosting;

/// <summary>
/// With Azure SignalR Service the circuit's connection never passes the tenancy middleware: the workspace and client
/// address the negotiate request resolved travel in the claims the service signs, and the circuit gets them back.
/// (The service itself cannot be reached from here: these tests stop at the SDK's options.)
/// </summary>
public sealed class AzureSignalRCircuitTests
{
    private static readonly AppTenantInfo Acme = new() { Id = "t-acme", Identifier = "acme", Name = "Acme", Status = TenantStatus.Active };
    private static readonly AppTenantInfo Other = new() { Id = "t-other", Identifier = "other", Name = "Other", Status = TenantStatus.Active };

    [Fact]
    public void Negotiate_signs_the_user_claims_with_the_resolved_workspace_and_client_address()
    {
        var negotiate = new DefaultHttpContext { User = User(Acme.Id) };
        negotiate.Features.Set(new MultiTenantContext<AppTenantInfo>(Acme, TenantResolution.Resolved, Acme.Identifier));
        negotiate.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");

        var claims = CircuitOrigin.Claims(negotiate).ToList();

        Assert.Contains(claims, c => c.Type == AppClaimTypes.TenantId && c.Value == Acme.Id);
        Assert.Contains(claims, c => c.Type == CircuitOrigin.TenantClaim && c.Value == Acme.Id);
        Assert.Contains(claims, c => c.Type == CircuitOrigin.AddressClaim && c.Value == "203.0.113.7");
    }

    [Fact]
    public void Negotiate_on_an_unknown_host_names_no_workspace()
    {
        var negotiate = new DefaultHttpContext();
        negotiate.Features.Set(MultiTenantContext<AppTenantInfo>.None);

        Assert.DoesNotContain(CircuitOrigin.Claims(negotiate), c => c.Type == CircuitOrigin.TenantClaim);
    }

    [Fact]
    public async Task The_circuit_gets_the_signed_workspace_and_address_back_for_every_circuit_handler()
    {
        var connection = Connection(Acme.Id, Acme.Id, "203.0.113.7");
        var setter = new MultiTenantContextHolder();
        var handler = new TenantCircuitHandler(new HttpContextAccessor { HttpContext = connection }, setter, new Store(Acme, Other));

        await handler.OnCircuitOpenedAsync(null!, CancellationToken.None);

        Assert.Equal(Acme.Id, setter.TenantId);
        Assert.Same(Acme, connection.Features.Get<MultiTenantContext<AppTenantInfo>>()?.TenantInfo);
        Assert.Equal(IPAddress.Parse("203.0.113.7"), connection.Connection.RemoteIpAddress);
    }

    [Fact]
    public async Task An_anonymous_circuit_on_a_workspace_host_and_an_operator_circuit_on_the_platform_host_are_restored()
    {
        var anonymous = Connection(userTenant: null, Acme.Id, "198.51.100.1");
        Assert.Same(Acme, (await CircuitOrigin.RestoreAsync(anonymous, new Store(Acme), default))?.TenantInfo);

        var operatorCircuit = Connection(PlatformTenant.Id, PlatformTenant.Id, "198.51.100.2");
        Assert.Equal(TenantResolution.PlatformHost, (await CircuitOrigin.RestoreAsync(operatorCircuit, new Store(Acme), default))?.Resolution);
    }

    [Fact]
    public async Task A_circuit_without_a_signed_workspace_or_for_another_workspace_user_is_refused()
    {
        Assert.Null(await CircuitOrigin.RestoreAsync(new DefaultHttpContext { User = User(Acme.Id) }, new Store(Acme), default));
        Assert.Null(await CircuitOrigin.RestoreAsync(Connection(Acme.Id, "t-deleted", "203.0.113.7"), new Store(Acme), default));
        Assert.Null(await CircuitOrigin.RestoreAsync(Connection(Other.Id, Acme.Id, "203.0.113.7"), new Store(Acme, Other), default));
        Assert.Null(await CircuitOrigin.RestoreAsync(Connection(Acme.Id, PlatformTenant.Id, "203.0.113.7"), new Store(Acme), default));

        var refused = Connection(Other.Id, Acme.Id, "203.0.113.7");
        var handler = new TenantCircuitHandler(new HttpContextAccessor { HttpContext = refused }, new MultiTenantContextHolder(), new Store(Acme, Other));
        await Assert.ThrowsAsync<InvalidOperationException>(() => handler.OnCircuitOpenedAsync(null!, CancellationToken.None));
        Assert.Null(refused.Features.Get<MultiTenantContext<AppTenantInfo>>());
    }

    [Fact]
    public async Task A_direct_connection_keeps_what_the_middleware_resolved_and_ignores_claims()
    {
        var direct = Connection(Acme.Id, Other.Id, "203.0.113.7");
        direct.Features.Set(new MultiTenantContext<AppTenantInfo>(Acme, TenantResolution.Resolved, Acme.Identifier));
        var setter = new MultiTenantContextHolder();

        await new TenantCircuitHandler(new HttpContextAccessor { HttpContext = direct }, setter, new Store(Acme, Other)).OnCircuitOpenedAsync(null!, default);

        Assert.Equal(Acme.Id, setter.TenantId);
    }

    [Fact]
    public void The_service_is_used_only_when_its_connection_string_is_set_with_sticky_circuits_and_the_origin_claims()
    {
        using (var without = Build(null))
            Assert.Null(without.Services.GetService<IConfigureOptions<ServiceOptions>>());

        using var with = Build("Endpoint=https://example.service.signalr.net;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg=;Version=1.0;");
        var options = with.Services.GetRequiredService<IOptions<ServiceOptions>>().Value;
        Assert.Equal(ServerStickyMode.Required, options.ServerStickyMode);
        Assert.NotNull(options.ClaimsProvider);
        var negotiate = new DefaultHttpContext();
        negotiate.Features.Set(new MultiTenantContext<AppTenantInfo>(Acme, TenantResolution.Resolved, Acme.Identifier));
        Assert.Contains(options.ClaimsProvider!(negotiate), c => c.Type == CircuitOrigin.TenantClaim && c.Value == Acme.Id);
    }

    private static IHost Build(string? connectionString)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [AzureSignalRHosting.ConnectionStringKey] = connectionString });
        builder.Services.AddSignalR();
        builder.AddAzureSignalRWhenConfigured();
        return builder.Build();
    }

    private static ClaimsPrincipal User(string? tenantId, params Claim[] more)
    {
        var claims = new List<Claim>(more);
        if (tenantId is not null) claims.Add(new Claim(AppClaimTypes.TenantId, tenantId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, tenantId is null ? null : "azure-signalr"));
    }

    private static DefaultHttpContext Connection(string? userTenant, string circuitTenant, string address) => new()
    {
        User = User(userTenant, new Claim(CircuitOrigin.TenantClaim, circuitTenant), new Claim(CircuitOrigin.AddressClaim, address)),
    };

    private sealed class Store(params AppTenantInfo[] tenants) : IMultiTenantStore<AppTenantInfo>
    {
        public Task<AppTenantInfo?> GetByIdentifierAsync(string identifier, CancellationToken cancellationToken = default) =>
            Task.FromResult(tenants.FirstOrDefault(t => t.Identifier == identifier));

        public Task<AppTenantInfo?> GetAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult(tenants.FirstOrDefault(t => t.Id == id));

        public void Invalidate(AppTenantInfo tenant) { }
    }
}
