using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Provisioning;

/// <summary>What the status page shows: no password hash, no client address.</summary>
public sealed record ProvisioningView(
    string Id, string Identifier, string CompanyName, string AdminEmail, ProvisioningStatus Status, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, IReadOnlyList<ProvisioningStepView> Steps);

public sealed record ProvisioningStepView(ProvisioningStep Step, StepStatus Status, int Attempts, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, string? Error);

/// <summary>Reads a provisioning request, by its status id, for the live status page (polled over the circuit).</summary>
public sealed class ProvisioningStatusReader(IDbContextFactory<AppDbContext> contexts)
{
    public async Task<ProvisioningView?> GetAsync(string statusId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var r = await db.ProvisioningRequests.AsNoTracking().Include(x => x.Steps).SingleOrDefaultAsync(x => x.StatusId == statusId, cancellationToken);
        if (r is null) return null;
        var steps = ProvisioningPipeline.Order
            .Select(step => r.Steps.FirstOrDefault(s => s.Step == step) is { } s
                ? new ProvisioningStepView(step, s.Status, s.Attempts, s.StartedAt, s.CompletedAt, s.Error)
                : new ProvisioningStepView(step, StepStatus.Pending, 0, null, null, null))
            .ToList();
        return new ProvisioningView(r.StatusId, r.Identifier, r.CompanyName, r.AdminEmail, r.Status, r.Error, r.CreatedAt, r.CompletedAt, steps);
    }
}
