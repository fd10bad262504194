using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Audit;

/// <summary>
/// <c>audit verify [--workspace &lt;identifier&gt;]</c>: verifies one workspace's chain or every chain (platform first).
/// Exit 0 when every chain is intact, 1 when one is broken (its first broken sequence is printed), 2 on bad usage.
/// </summary>
public static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (args.Length < 2 || args[1] != "verify" || args.Length is not (2 or 4) || args.Length == 4 && args[2] != "--workspace")
        {
            await error.WriteLineAsync("usage: audit verify [--workspace <identifier>]");
            return 2;
        }
        var workspace = args.Length == 4 ? args[3] : null;

        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var names = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => AuditChains.ForTenant(t.Id), t => t.Identifier, cancellationToken);
        IReadOnlyList<string> chains;
        if (workspace is null)
        {
            chains = await AuditVerifier.ChainKeysAsync(db, cancellationToken);
        }
        else
        {
            var chain = names.FirstOrDefault(n => string.Equals(n.Value, workspace, StringComparison.OrdinalIgnoreCase)).Key;
            if (chain is null)
            {
                await error.WriteLineAsync($"No workspace '{workspace}'.");
                return 2;
            }
            chains = [chain];
        }

        var verifier = services.GetRequiredService<AuditVerifier>();
        var broken = 0;
        foreach (var chain in chains)
        {
            var result = await verifier.VerifyAsync(db, chain, cancellationToken);
            var name = chain == AuditChains.Platform ? "platform" : names.GetValueOrDefault(chain, chain);
            if (result.Intact)
            {
                await output.WriteLineAsync($"OK      {name}: {result.EntriesChecked} entries, last sequence {result.LastSequence}, hash {result.LastHash}");
            }
            else
            {
                broken++;
                await output.WriteLineAsync($"BROKEN  {name}: first broken sequence {result.FirstBrokenSequence} ({result.Problem})");
            }
        }
        return broken == 0 ? 0 : 1;
    }
}
