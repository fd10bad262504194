using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Usage;

/// <summary>One line of a usage table: a member or a model, with tokens and the estimated cost (null: no price known).</summary>
public sealed record UsageLine(string Key, string Label, long InputTokens, long OutputTokens, int Answers, decimal? CostYen)
{
    public long TotalTokens => InputTokens + OutputTokens;
}

/// <summary>A month of usage of the workspace (or of one member).</summary>
public sealed record UsageSummary(
    UsageMonth Month,
    IReadOnlyList<UsageLine> ByMember,
    IReadOnlyList<UsageLine> ByModel,
    long TotalTokens,
    decimal? TotalCostYen,
    AllowanceStatus SystemDefault);

/// <summary>
/// Usage by member and by model for a calendar month in the tenant's time zone, with estimated cost in JPY
/// from <see cref="UsagePricingOptions"/>, and the CSV export of the same numbers.
/// </summary>
public sealed class UsageReport(IDbContextFactory<AppDbContext> dbs, TokenAllowance allowance, IOptions<UsagePricingOptions> pricing)
{
    /// <summary>The price table in force (shown on the page beside the estimates).</summary>
    public UsagePricingOptions Pricing => pricing.Value;

    /// <summary>The month <paramref name="monthsBack"/> before this one; only <paramref name="userId"/>'s usage when given (members see their own).</summary>
    public async Task<UsageSummary> GetAsync(int monthsBack, string? userId = null, CancellationToken cancellationToken = default)
    {
        var system = await allowance.GetSystemDefaultStatusAsync(monthsBack, cancellationToken);
        var month = system.Month;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var records = db.UsageRecords.AsNoTracking().Where(u => u.CreatedAt >= month.StartUtc && u.CreatedAt < month.EndUtc);
        if (userId is not null)
        {
            records = records.Where(u => u.UserId == userId);
        }

        var rows = await records
            .GroupBy(u => new { u.UserId, u.Model })
            .Select(g => new { g.Key.UserId, g.Key.Model, Input = g.Sum(u => (long)u.InputTokens), Output = g.Sum(u => (long)u.OutputTokens), Count = g.Count() })
            .ToListAsync(cancellationToken);
        var userIds = rows.Select(r => r.UserId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.Email }).ToDictionaryAsync(u => u.Id, u => string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : $"{u.DisplayName} ({u.Email})", cancellationToken);

        decimal? Cost(IEnumerable<(string Model, long In, long Out)> parts)
        {
            decimal total = 0;
            var any = false;
            foreach (var (model, input, output) in parts)
            {
                if (Pricing.EstimateYen(model, input, output) is { } yen)
                {
                    total += yen;
                    any = true;
                }
            }

            return any ? total : null;
        }

        var byMember = rows.GroupBy(r => r.UserId)
            .Select(g => new UsageLine(g.Key, names.GetValueOrDefault(g.Key) ?? g.Key, g.Sum(r => r.Input), g.Sum(r => r.Output), g.Sum(r => r.Count),
                Cost(g.Select(r => (r.Model, r.Input, r.Output)))))
            .OrderByDescending(l => l.TotalTokens).ToList();
        var byModel = rows.GroupBy(r => r.Model, StringComparer.OrdinalIgnoreCase)
            .Select(g => new UsageLine(g.Key, g.Key, g.Sum(r => r.Input), g.Sum(r => r.Output), g.Sum(r => r.Count),
                Cost(g.Select(r => (r.Model, r.Input, r.Output)))))
            .OrderByDescending(l => l.TotalTokens).ToList();
        return new UsageSummary(month, byMember, byModel, rows.Sum(r => r.Input + r.Output), Cost(rows.Select(r => (r.Model, r.Input, r.Output))), system);
    }

    /// <summary>The highest allowance threshold the admins were alerted about this month (the banner), or null.</summary>
    public async Task<int?> AlertedThresholdAsync(CancellationToken cancellationToken = default)
    {
        var month = allowance.CurrentMonth.Key;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await db.UsageAlertNotices.AsNoTracking().Where(n => n.Month == month).MaxAsync(n => (int?)n.ThresholdPercent, cancellationToken);
    }

    /// <summary>
    /// The summary as CSV (UTF-8 with BOM so Excel in Japan opens it correctly): one row per member and model section.
    /// Cells that start with =, +, - or @ are prefixed with ' so a spreadsheet never runs them as formulas.
    /// </summary>
    public static string ToCsv(UsageSummary summary, string memberHeading, string modelHeading)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var csv = new StringBuilder("\uFEFF");
        csv.AppendLine("month,section,name,input_tokens,output_tokens,total_tokens,answers,estimated_cost_jpy");
        void Lines(string section, IEnumerable<UsageLine> lines)
        {
            foreach (var line in lines)
            {
                csv.AppendJoin(',', summary.Month.Key, CsvText.Cell(section), CsvText.Cell(line.Label),
                        line.InputTokens.ToString(CultureInfo.InvariantCulture), line.OutputTokens.ToString(CultureInfo.InvariantCulture),
                        line.TotalTokens.ToString(CultureInfo.InvariantCulture), line.Answers.ToString(CultureInfo.InvariantCulture),
                        line.CostYen is { } yen ? Math.Round(yen, 2).ToString(CultureInfo.InvariantCulture) : "")
                    .AppendLine();
            }
        }

        Lines(memberHeading, summary.ByMember);
        Lines(modelHeading, summary.ByModel);
        return csv.ToString();
    }
}
