using System.Security.Authentication;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Providers.Settings;

/// <summary>
/// Reads, validates, tests and saves the current tenant's AI provider settings (the AI設定 page). Keys are
/// encrypted with <see cref="ApiKeyProtector"/> before they reach the database and are only ever shown as masks.
/// Endpoints are checked by the <see cref="EndpointValidator"/> when saved and again at connect time by the
/// guarded HTTP client every tenant endpoint goes through.
/// </summary>
public sealed partial class AiSettingsService(
    IDbContextFactory<AppDbContext> dbs,
    ICurrentTenant tenant,
    ApiKeyProtector protector,
    EndpointValidator validator,
    IHttpClientFactory http,
    TokenCounter tokenCounter,
    TimeProvider time,
    IAuditLog audit,
    ILogger<AiSettingsService> logger)
{
    /// <summary>How long "Test connection" waits for the upstream.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(20);

    private const int MaxFieldLength = 2000;

    /// <summary>The form as stored (no keys) and the masks of the stored keys.</summary>
    public async Task<(AiSettingsForm Form, AiKeyMasks Masks)> LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var row = await db.AiProviderSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new AiProviderSettings();
        var form = new AiSettingsForm
        {
            Active = row.Active,
            MonthlyTokenCap = row.MonthlyTokenCap,
            OpenAiOrganization = row.OpenAiOrganization,
            OpenAiProject = row.OpenAiProject,
            OpenAiBaseUrl = row.OpenAiBaseUrl,
            OpenAiModels = row.OpenAiModels ?? "gpt-4o-mini\ngpt-4o",
            OpenAiDefaultModel = row.OpenAiDefaultModel ?? "gpt-4o-mini",
            AzureEndpoint = row.AzureEndpoint,
            AzureDeployments = row.AzureDeployments,
            AzureApiVersion = row.AzureApiVersion ?? AiProviderModels.DefaultAzureApiVersion,
            CompatibleBaseUrl = row.CompatibleBaseUrl,
            CompatibleModels = row.CompatibleModels,
        };
        return (form, new AiKeyMasks(row.OpenAiKeyMask, row.AzureKeyMask, row.CompatibleKeyMask));
    }

    /// <summary>Checks the active option's fields; refused with each field's problems, done when the form may be saved.</summary>
    public async Task<Result<AiSettingsProblem>> ValidateAsync(AiSettingsForm form, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return Refusal(Validate(form, await db.AiProviderSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken)));
    }

    /// <summary>
    /// Makes a real, minimal call with the form's settings (the typed key, else the stored one) and reports the
    /// upstream's answer: success, or why it failed (bad key, unknown model or deployment, unreachable, TLS). Refused,
    /// without calling anyone, when a field is refused or the endpoint policy refuses where the URL leads.
    /// </summary>
    public async Task<Result<ConnectionTest, AiSettingsProblem>> TestAsync(AiSettingsForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var result = await RunTestAsync(form, cancellationToken);
        // A test changes nothing, so its entry is saved on its own. Only the option and the outcome: never the key or
        // the upstream's words (a provider may echo what it was sent). A refusal is recorded as before: Blocked when the
        // endpoint policy stopped the call, Invalid when a field was refused.
        var outcome = result.Value?.Outcome.ToString() ?? (result.Code == AiSettingsProblem.EndpointBlocked ? "Blocked" : "Invalid");
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        audit.Record(db, AuditActions.AiConnectionTested, AuditTarget.Workspace(), new { option = form.Active.ToString(), result = outcome, status = result.Value?.StatusCode },
            result.Value?.Succeeded == true ? AuditOutcome.Success : AuditOutcome.Failure);
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    private async Task<Result<ConnectionTest, AiSettingsProblem>> RunTestAsync(AiSettingsForm form, CancellationToken cancellationToken)
    {
        if (form.Active == AiProviderChoice.SystemDefault)
        {
            return new ConnectionTest(ConnectionTestOutcome.Succeeded);
        }

        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var stored = await db.AiProviderSettings.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        var problems = Validate(form, stored);
        if (problems.Count > 0)
        {
            return Result<ConnectionTest, AiSettingsProblem>.Refused(problems);
        }

        var candidate = Apply(form, new AiProviderSettings());
        SetKey(candidate, form.Active, stored is null ? null : KeyOf(stored, form.Active), null);
        var model = AiProviderModels.Build(candidate)[0];
        var key = form.NewKeyFor(form.Active) ?? (model.ProtectedKey is { Length: > 0 } p ? protector.Unprotect(TenantId, p) : null);
        var upstream = new UpstreamChatClientFactory(tokenCounter, () => http.CreateClient(GuardedHttpHandler.HttpClientName)) { NetworkTimeout = TestTimeout };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TestTimeout);
        try
        {
            using var client = upstream.Create(model.Settings with { ApiKey = key });
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "ping")], new ChatOptions { MaxOutputTokens = 16 }, timeout.Token))
            {
                // Reading the stream to its end proves the model answers, not only that the server accepts connections.
            }

            return new ConnectionTest(ConnectionTestOutcome.Succeeded);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (Blocked(ex) is { } reason)
            {
                LogTestBlocked(logger, form.Active, reason);
                return new Problem<AiSettingsProblem>(AiSettingsProblem.EndpointBlocked, reason.ToString(), Field: EndpointField(form.Active));
            }

            var result = Describe(ex, key, timeout.Token);
            LogTestFailed(logger, form.Active, result.Outcome, result.StatusCode);
            return result;
        }
    }

    /// <summary>Saves the form (nothing when any field is refused). New keys are encrypted; other keys stay as they were.</summary>
    public async Task<Result<AiSettingsProblem>> SaveAsync(AiSettingsForm form, string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var row = await db.AiProviderSettings.SingleOrDefaultAsync(cancellationToken);
        var problems = Validate(form, row);
        if (problems.Count > 0)
        {
            return Result<AiSettingsProblem>.Refused(problems);
        }

        var (optionBefore, modelsBefore) = row is null ? (new Dictionary<string, string?>(), new Dictionary<string, string?>()) : (OptionSnapshot(row), ModelSnapshot(row));
        if (row is null)
        {
            row = new AiProviderSettings();
            db.AiProviderSettings.Add(row);
        }

        Apply(form, row);
        foreach (var choice in new[] { AiProviderChoice.OwnOpenAIKey, AiProviderChoice.AzureOpenAI, AiProviderChoice.OpenAICompatible })
        {
            if (form.NewKeyFor(choice) is { } key)
            {
                SetKey(row, choice, protector.Protect(TenantId, key), ApiKeyProtector.Mask(key));
                // Which option's key was replaced; not the key, nor even its mask.
                audit.Record(db, AuditActions.AiKeyReplaced, AuditTarget.Workspace(), new { option = choice.ToString() });
            }
        }

        if (AuditDetails.Changes(optionBefore, OptionSnapshot(row)) is { Count: > 0 } optionChanges)
        {
            audit.Record(db, AuditActions.AiOptionChosen, AuditTarget.Workspace(), optionChanges);
        }

        if (AuditDetails.Changes(modelsBefore, ModelSnapshot(row)) is { Count: > 0 } modelChanges)
        {
            audit.Record(db, AuditActions.AiModelsChanged, AuditTarget.Workspace(), modelChanges);
        }

        var now = time.GetUtcNow();
        row.ConfirmedAt = now;
        row.ConfirmedByUserId = userId;
        row.UpdatedAt = now;
        // The provisioning default lives on WorkspaceSettings; keep it telling the truth for its readers.
        if (await db.WorkspaceSettings.SingleOrDefaultAsync(cancellationToken) is { } workspace)
        {
            workspace.AiProvider = form.Active;
            workspace.UpdatedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        LogSaved(logger, form.Active);
        return Result<AiSettingsProblem>.Ok;
    }

    /// <summary>Removes the stored key of <paramref name="choice"/>; refused while that option is in use and needs its key.</summary>
    public async Task<Result<AiSettingsProblem>> RemoveKeyAsync(AiProviderChoice choice, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var row = await db.AiProviderSettings.SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Result<AiSettingsProblem>.Ok;
        }

        if (row.Active == choice && choice != AiProviderChoice.OpenAICompatible)
        {
            return FieldProblem(AiSettingsProblem.KeyInUse, KeyField(choice));
        }

        if (string.IsNullOrEmpty(KeyOf(row, choice)))
        {
            return Result<AiSettingsProblem>.Ok;
        }

        SetKey(row, choice, null, null);
        row.UpdatedAt = time.GetUtcNow();
        audit.Record(db, AuditActions.AiKeyRemoved, AuditTarget.Workspace(), new { option = choice.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return Result<AiSettingsProblem>.Ok;
    }

    // The option in use and the settings that say where requests go and how much they may use (audited as "option chosen").
    private static Dictionary<string, string?> OptionSnapshot(AiProviderSettings row) => new(StringComparer.Ordinal)
    {
        ["Active"] = row.Active.ToString(),
        ["MonthlyTokenCap"] = row.MonthlyTokenCap?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OpenAiOrganization"] = row.OpenAiOrganization,
        ["OpenAiProject"] = row.OpenAiProject,
        ["OpenAiBaseUrl"] = row.OpenAiBaseUrl,
        ["AzureEndpoint"] = row.AzureEndpoint,
        ["AzureApiVersion"] = row.AzureApiVersion,
        ["CompatibleBaseUrl"] = row.CompatibleBaseUrl,
    };

    private static Dictionary<string, string?> ModelSnapshot(AiProviderSettings row) => new(StringComparer.Ordinal)
    {
        ["OpenAiModels"] = row.OpenAiModels,
        ["OpenAiDefaultModel"] = row.OpenAiDefaultModel,
        ["AzureDeployments"] = row.AzureDeployments,
        ["CompatibleModels"] = row.CompatibleModels,
    };

    /// <summary>Marks that an admin reviewed usage and cost (onboarding fact); the first visit counts.</summary>
    public async Task MarkUsageReviewedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var row = await db.AiProviderSettings.SingleOrDefaultAsync(cancellationToken);
        if (row?.UsageReviewedAt is not null)
        {
            return;
        }

        if (row is null)
        {
            row = new AiProviderSettings();
            db.AiProviderSettings.Add(row);
        }

        row.UsageReviewedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
    }

    private string TenantId => tenant.TenantId ?? throw new InvalidOperationException("No tenant is set.");

    private static Result<AiSettingsProblem> Refusal(IReadOnlyList<Problem<AiSettingsProblem>> problems) =>
        problems.Count == 0 ? Result<AiSettingsProblem>.Ok : Result<AiSettingsProblem>.Refused(problems);

    private static Problem<AiSettingsProblem> FieldProblem(AiSettingsProblem code, string? field, string? value = null) => new(code, value, Field: field);

    private List<Problem<AiSettingsProblem>> Validate(AiSettingsForm form, AiProviderSettings? stored)
    {
        var problems = new List<Problem<AiSettingsProblem>>();
        foreach (var (field, value) in new[]
                 {
                     (nameof(form.OpenAiNewKey), form.OpenAiNewKey), (nameof(form.OpenAiOrganization), form.OpenAiOrganization),
                     (nameof(form.OpenAiProject), form.OpenAiProject), (nameof(form.OpenAiModels), form.OpenAiModels),
                     (nameof(form.OpenAiDefaultModel), form.OpenAiDefaultModel), (nameof(form.AzureNewKey), form.AzureNewKey),
                     (nameof(form.AzureDeployments), form.AzureDeployments), (nameof(form.AzureApiVersion), form.AzureApiVersion),
                     (nameof(form.CompatibleNewKey), form.CompatibleNewKey), (nameof(form.CompatibleModels), form.CompatibleModels),
                 })
        {
            if (value is { Length: > MaxFieldLength })
            {
                problems.Add(FieldProblem(AiSettingsProblem.ValueTooLong, field));
            }
        }

        if (form.MonthlyTokenCap is <= 0)
        {
            problems.Add(FieldProblem(AiSettingsProblem.CapInvalid, nameof(form.MonthlyTokenCap)));
        }

        var storedKey = stored is null ? null : KeyOf(stored, form.Active);
        var hasKey = form.NewKeyFor(form.Active) is not null || !string.IsNullOrEmpty(storedKey);
        switch (form.Active)
        {
            case AiProviderChoice.OwnOpenAIKey:
                if (!hasKey) problems.Add(FieldProblem(AiSettingsProblem.KeyRequired, nameof(form.OpenAiNewKey)));
                if (!string.IsNullOrWhiteSpace(form.OpenAiBaseUrl)) CheckEndpoint(nameof(form.OpenAiBaseUrl), form.OpenAiBaseUrl, problems);
                var models = AiProviderModels.ParseList(form.OpenAiModels);
                if (models.Count == 0) problems.Add(FieldProblem(AiSettingsProblem.ModelsRequired, nameof(form.OpenAiModels)));
                else if (!string.IsNullOrWhiteSpace(form.OpenAiDefaultModel) && !models.Contains(form.OpenAiDefaultModel.Trim(), StringComparer.OrdinalIgnoreCase))
                    problems.Add(FieldProblem(AiSettingsProblem.DefaultModelNotOffered, nameof(form.OpenAiDefaultModel), form.OpenAiDefaultModel.Trim()));
                break;

            case AiProviderChoice.AzureOpenAI:
                if (string.IsNullOrWhiteSpace(form.AzureEndpoint)) problems.Add(FieldProblem(AiSettingsProblem.EndpointRequired, nameof(form.AzureEndpoint)));
                else CheckEndpoint(nameof(form.AzureEndpoint), form.AzureEndpoint, problems);
                if (!hasKey) problems.Add(FieldProblem(AiSettingsProblem.KeyRequired, nameof(form.AzureNewKey)));
                var deployments = AiProviderModels.ParseDeployments(form.AzureDeployments);
                if (deployments.Count == 0) problems.Add(FieldProblem(AiSettingsProblem.DeploymentsRequired, nameof(form.AzureDeployments)));
                foreach (var bad in deployments.Where(d => !DeploymentName().IsMatch(d.Name)))
                    problems.Add(FieldProblem(AiSettingsProblem.DeploymentInvalid, nameof(form.AzureDeployments), bad.Name));
                if (!string.IsNullOrWhiteSpace(form.AzureApiVersion) && !ApiVersion().IsMatch(form.AzureApiVersion.Trim()))
                    problems.Add(FieldProblem(AiSettingsProblem.ApiVersionInvalid, nameof(form.AzureApiVersion)));
                break;

            case AiProviderChoice.OpenAICompatible:
                if (string.IsNullOrWhiteSpace(form.CompatibleBaseUrl)) problems.Add(FieldProblem(AiSettingsProblem.EndpointRequired, nameof(form.CompatibleBaseUrl)));
                else CheckEndpoint(nameof(form.CompatibleBaseUrl), form.CompatibleBaseUrl, problems);
                if (AiProviderModels.ParseList(form.CompatibleModels).Count == 0)
                    problems.Add(FieldProblem(AiSettingsProblem.ModelsRequired, nameof(form.CompatibleModels)));
                break;
        }

        CheckStoredKeysStayWithTheirEndpoints(form, stored, problems);
        return problems;
    }

    /// <summary>
    /// A stored key is only ever sent to the endpoint it was saved with: changing an option's URL needs its key typed
    /// again, or "Test connection" and the next chat would hand the key to wherever the new URL points (a typo, or an
    /// address someone talked the admin into pasting). Holds for options not in use too, as saving stores their URLs.
    /// </summary>
    private static void CheckStoredKeysStayWithTheirEndpoints(AiSettingsForm form, AiProviderSettings? stored, List<Problem<AiSettingsProblem>> problems)
    {
        if (stored is null) return;
        var typed = Apply(form, new AiProviderSettings());
        var otherOptionChanged = false;
        foreach (var choice in new[] { AiProviderChoice.OwnOpenAIKey, AiProviderChoice.AzureOpenAI, AiProviderChoice.OpenAICompatible })
        {
            if (string.IsNullOrEmpty(KeyOf(stored, choice)) || form.NewKeyFor(choice) is not null) continue;
            if (string.Equals(EndpointOf(typed, choice), EndpointOf(stored, choice), StringComparison.Ordinal)) continue;
            if (choice == form.Active) problems.Add(FieldProblem(AiSettingsProblem.KeyRequiredForNewEndpoint, KeyField(choice)));
            else otherOptionChanged = true;
        }

        // The page shows only the option in use, so another option's problem is reported for the whole form.
        if (otherOptionChanged) problems.Add(FieldProblem(AiSettingsProblem.OtherOptionEndpointChanged, field: null));
    }

    private static string? EndpointOf(AiProviderSettings row, AiProviderChoice choice) => choice switch
    {
        AiProviderChoice.OwnOpenAIKey => row.OpenAiBaseUrl,
        AiProviderChoice.AzureOpenAI => row.AzureEndpoint,
        AiProviderChoice.OpenAICompatible => row.CompatibleBaseUrl,
        _ => null,
    };

    // Not trimmed: the validator refuses surrounding whitespace (URL parsers disagree about it), and so do we.
    private void CheckEndpoint(string field, string url, List<Problem<AiSettingsProblem>> problems)
    {
        if (validator.Validate(url).Code is { } reason)
        {
            problems.Add(FieldProblem(AiSettingsProblem.EndpointRefused, field, reason.ToString()));
        }
    }

    private static AiProviderSettings Apply(AiSettingsForm form, AiProviderSettings row)
    {
        static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        static string? Lines(IEnumerable<string> values) => values.Any() ? string.Join("\n", values) : null;

        row.Active = form.Active;
        row.MonthlyTokenCap = form.MonthlyTokenCap;
        row.OpenAiOrganization = Clean(form.OpenAiOrganization);
        row.OpenAiProject = Clean(form.OpenAiProject);
        row.OpenAiBaseUrl = Clean(form.OpenAiBaseUrl);
        row.OpenAiModels = Lines(AiProviderModels.ParseList(form.OpenAiModels));
        row.OpenAiDefaultModel = Clean(form.OpenAiDefaultModel) ?? (AiProviderModels.ParseList(form.OpenAiModels) is [var first, ..] ? first : null);
        row.AzureEndpoint = Clean(form.AzureEndpoint);
        row.AzureDeployments = Lines(AiProviderModels.ParseDeployments(form.AzureDeployments).Select(d => d.Name == d.DisplayName ? d.Name : $"{d.Name} = {d.DisplayName}"));
        row.AzureApiVersion = Clean(form.AzureApiVersion);
        row.CompatibleBaseUrl = Clean(form.CompatibleBaseUrl);
        row.CompatibleModels = Lines(AiProviderModels.ParseList(form.CompatibleModels));
        return row;
    }

    private static string? KeyOf(AiProviderSettings row, AiProviderChoice choice) => choice switch
    {
        AiProviderChoice.OwnOpenAIKey => row.OpenAiKeyProtected,
        AiProviderChoice.AzureOpenAI => row.AzureKeyProtected,
        AiProviderChoice.OpenAICompatible => row.CompatibleKeyProtected,
        _ => null,
    };

    private static void SetKey(AiProviderSettings row, AiProviderChoice choice, string? ciphertext, string? mask)
    {
        switch (choice)
        {
            case AiProviderChoice.OwnOpenAIKey: (row.OpenAiKeyProtected, row.OpenAiKeyMask) = (ciphertext, mask); break;
            case AiProviderChoice.AzureOpenAI: (row.AzureKeyProtected, row.AzureKeyMask) = (ciphertext, mask); break;
            case AiProviderChoice.OpenAICompatible: (row.CompatibleKeyProtected, row.CompatibleKeyMask) = (ciphertext, mask); break;
        }
    }

    private static string KeyField(AiProviderChoice choice) => choice switch
    {
        AiProviderChoice.AzureOpenAI => nameof(AiSettingsForm.AzureNewKey),
        AiProviderChoice.OpenAICompatible => nameof(AiSettingsForm.CompatibleNewKey),
        _ => nameof(AiSettingsForm.OpenAiNewKey),
    };

    private static string EndpointField(AiProviderChoice choice) => choice switch
    {
        AiProviderChoice.AzureOpenAI => nameof(AiSettingsForm.AzureEndpoint),
        AiProviderChoice.OpenAICompatible => nameof(AiSettingsForm.CompatibleBaseUrl),
        _ => nameof(AiSettingsForm.OpenAiBaseUrl),
    };

    /// <summary>Why the endpoint policy refused the connection, when that is what ended the test.</summary>
    private static EndpointRejectionReason? Blocked(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is EndpointBlockedException blocked) return blocked.Reason;
        }

        return null;
    }

    private static ConnectionTest Describe(Exception exception, string? key, CancellationToken token)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException) return new ConnectionTest(ConnectionTestOutcome.TlsError);
        }

        var failure = ChatFailureClassifier.Classify(exception, token);
        var outcome = failure.Kind switch
        {
            AnswerFailure.KeyRejected => ConnectionTestOutcome.KeyRejected,
            AnswerFailure.ModelNotFound => ConnectionTestOutcome.ModelNotFound,
            AnswerFailure.Unreachable or AnswerFailure.ConnectionLost => ConnectionTestOutcome.Unreachable,
            AnswerFailure.Timeout or AnswerFailure.Stalled or AnswerFailure.Cancelled => ConnectionTestOutcome.Timeout,
            AnswerFailure.RateLimited => ConnectionTestOutcome.RateLimited,
            AnswerFailure.ServerError => ConnectionTestOutcome.ServerError,
            AnswerFailure.BadRequest or AnswerFailure.ContentFiltered => ConnectionTestOutcome.BadRequest,
            _ => ConnectionTestOutcome.Failed,
        };
        // The upstream's own words help the admin most; a provider that echoes the key must not put it on screen.
        var detail = failure.ProviderCode is { } code && failure.ProviderMessage is { } message ? $"{code}: {message}" : failure.ProviderMessage ?? failure.ProviderCode;
        if (detail is not null && !string.IsNullOrEmpty(key))
        {
            detail = detail.Replace(key, ApiKeyProtector.Mask(key), StringComparison.Ordinal);
        }

        return new ConnectionTest(outcome, detail, failure.StatusCode);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex DeploymentName();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$")]
    private static partial Regex ApiVersion();

    [LoggerMessage(Level = LogLevel.Information, Message = "AI provider test failed for {Choice}: {Outcome} (HTTP {Status})")]
    private static partial void LogTestFailed(ILogger logger, AiProviderChoice choice, ConnectionTestOutcome outcome, int? status);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI provider test refused by the endpoint policy for {Choice}: {Reason}")]
    private static partial void LogTestBlocked(ILogger logger, AiProviderChoice choice, EndpointRejectionReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "AI provider settings saved: {Choice}")]
    private static partial void LogSaved(ILogger logger, AiProviderChoice choice);
}
