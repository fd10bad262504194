using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;

namespace SecureAiChat.Web.Features.Security;

/// <summary>
/// Interactive use makes no HTTP requests, so the circuit records the member's activity itself (at most once a
/// minute): an active circuit never looks idle to the idle timeout, an abandoned one does. The circuit's first minute
/// counts from its start: the page request that opened it passed <see cref="SessionPolicyMiddleware"/>, which recorded
/// the activity (at most a minute before), so the circuit does not write it again on the way to its first render
/// (docs/benchmarks.md, figure 13).
/// </summary>
public sealed class SessionActivityCircuitHandler(AuthenticationStateProvider auth, IDbContextFactory<AppDbContext> contexts, TimeProvider time) : CircuitHandler
{
    private DateTimeOffset _lastWrite = time.GetUtcNow();

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            await RecordAsync();
            await next(context);
        };

    private async Task RecordAsync()
    {
        var now = time.GetUtcNow();
        if (!MemberActivity.IsDue(_lastWrite, now)) return;
        _lastWrite = now;
        var userId = (await auth.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null) return;
        await using var db = await contexts.CreateDbContextAsync();
        if (db.CurrentTenantId is null) return;
        await MemberActivity.RecordAsync(db, userId, now);
    }
}
