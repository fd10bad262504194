using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Components.Shared;

namespace SecureAiChat.Web.Features.Chat;

/// <summary>
/// The chat page: bindings, dialogs and navigation around a <see cref="ChatSession"/> (the conversation, its messages
/// and the current turn). Stop, leaving the conversation and closing the circuit all cancel the turn, which aborts the
/// upstream request. While an answer streams only <see cref="StreamingMessage"/> re-renders.
/// </summary>
public sealed partial class ChatPage
{
    private ChatSession _session = default!;
    private ConversationPages _conversations = ConversationPages.None;
    private ElementReference _scroll;
    private ChatInput? _input;
    private string? _systemPromptDraft;
    private string _search = "";
    private bool _settingsOpen;
    private bool _sidebarOpen;
    private bool _scrollAttached;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private DateTime _now = DateTime.UtcNow;
    private static readonly TimeSpan SearchDelay = TimeSpan.FromMilliseconds(250);
    private int _searchVersion;
    private PendingSend? _pending;
    private string? _blockedNotice;
    private bool _checking;
    private bool _listLoaded;
    private bool _opening;
    private bool? _rolloutOpen;

    /// <summary>How a text reaches the model once the member confirmed its warned values.</summary>
    private enum SendKind
    {
        New,
        Edit,
        Regenerate,
        AnswerAgain,
    }

    /// <summary>A text waiting for the member's choice about its warned values.</summary>
    private sealed record PendingSend(SendKind Kind, string Text, PersonalDataPreview Preview);

    [Parameter] public Guid? Id { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private ConversationStore Conversations { get; set; } = default!;

    [Inject] private ChatTurns Turns { get; set; } = default!;

    [Inject] private ChatPersonalDataGate PersonalData { get; set; } = default!;

    [Inject] private SecureAiChat.Core.Chat.Rendering.ChatMarkdownRenderer Markdown { get; set; } = default!;

    [Inject] private TenantChatClientFactory Models { get; set; } = default!;

    [Inject] private IMultiTenantContextAccessor<AppTenantInfo> Tenant { get; set; } = default!;

    [Inject] private IStringLocalizer<ChatStrings> L { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    [Inject] private TimeProvider Time { get; set; } = default!;

    [Inject] private Guidelines.GuidelineChatGuard GuidelineGuard { get; set; } = default!;

    [Inject] private ChatEligibility Eligibility { get; set; } = default!;

    private string? TenantName => Tenant.MultiTenantContext.TenantInfo?.Name;

    private int MaxCharacters => Turns.Options.MaxInputCharacters;

    private TenantChatModel? CurrentModel => Models.Find(_session.Model) ?? Models.DefaultModel;

    protected override void OnInitialized() =>
        _session = new ChatSession(Conversations, Turns, message => MessageView.From(message, Markdown.Render, L["CopyCode"]), StateHasChanged);

    protected override async Task OnInitializedAsync()
    {
        var state = await AuthenticationState;
        _session.UserId = state.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        // The same answer the service enforces when a message is sent (a page left open past a rule change is refused there).
        var refusal = await Eligibility.RefusalAsync(_session.UserId);
        if (refusal == AnswerFailure.GuidelinePending)
        {
            GuidelineGuard.RedirectToGuideline();
            return;
        }

        _rolloutOpen = refusal != AnswerFailure.NotInRollout;
        // The model picker follows the workspace's AI settings as they are now.
        await Models.RefreshAsync();
        _zone = WorkspaceTime.Zone(Tenant.MultiTenantContext.TenantInfo?.TimeZoneId);
        // The prerender shows the page's frame only: the circuit starts right after it and reads the sidebar and the
        // conversation itself, so reading them here too would double the database work on the way to an interactive
        // page (docs/benchmarks.md, figures 5a and 13).
        if (RendererInfo.IsInteractive)
        {
            await LoadListAsync();
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        // The URL changes to /chat/{id} when a new conversation gets its first message; that
        // conversation is already on screen (and may be streaming), so it is not reloaded.
        if (Id is { } id && id == _session.ConversationId && !_session.NotFound)
        {
            return;
        }

        _settingsOpen = false;
        if (Id is not { } requested)
        {
            _session.OpenNew(Models.DefaultModel?.Model);
            return;
        }

        _opening = !RendererInfo.IsInteractive;
        if (!_opening)
        {
            await _session.OpenAsync(requested);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only once the scroll container has rendered: ChatRolloutGate may still be deciding (a slow first render on a
        // loaded machine), and attaching an empty reference threw in the browser and ended the circuit.
        if (!_scrollAttached && !_session.NotFound && _scroll.Id is not null)
        {
            _scrollAttached = true;
            await JS.InvokeVoidAsync("secureAiChat.chat.attachScroll", _scroll);
        }
    }

    private async Task LoadListAsync()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _conversations = await ReadListAsync(_search);
        _listLoaded = true;
    }

    /// <summary>The sidebar's count and first screenful; later rows are read by the sidebar as it scrolls.</summary>
    private Task<ConversationPages> ReadListAsync(string search) =>
        ConversationPages.ReadAsync(Conversations, _session.UserId, search, ConversationList.FirstPage);

    private async Task SearchAsync(string text)
    {
        _search = text;
        var version = ++_searchVersion;
        // One query after a pause in typing, not one per key: an IME fires input on every keystroke of a
        // conversion, and the search scans message text.
        await Task.Delay(SearchDelay);
        if (version != _searchVersion)
        {
            return;
        }

        var results = await ReadListAsync(text);
        if (version == _searchVersion)
        {
            _conversations = results;
        }
    }

    private Task SendAsync(string text) => CheckThenAsync(SendKind.New, text);

    /// <summary>
    /// Applies the workspace's personal-data policy before anything is sent, whatever the way in (typed, template,
    /// edited, regenerated): a blocked text is not sent and the member is told why; warned values are shown and the
    /// member chooses. The service checks again when answering: this is the courtesy, not the guard.
    /// </summary>
    private async Task CheckThenAsync(SendKind kind, string text)
    {
        if (_session.Busy || _session.NotFound || _pending is not null || _checking)
        {
            // The box was already cleared when the text left it: a typed text that cannot go now goes back, never lost.
            if (kind == SendKind.New && _input is not null)
            {
                await _input.SetTextAsync(text);
            }

            return;
        }

        _blockedNotice = null;
        PersonalDataPreview preview;
        _checking = true; // a second Enter while the check runs must not send twice
        try
        {
            preview = await PersonalData.PreviewAsync(_session.UserId, _session.ConversationId, text, replacesLastUserMessage: kind != SendKind.New);
        }
        finally
        {
            _checking = false;
        }

        switch (preview.Decision.Outcome)
        {
            case PolicyOutcome.Block:
                _blockedNotice = PersonalDataStrings.BlockedMessage(preview.BlockedCategories);
                if (kind == SendKind.New && _input is not null)
                {
                    await _input.SetTextAsync(text); // back in the box to be edited
                }

                return;
            case PolicyOutcome.Confirm:
                _pending = new PendingSend(kind, text, preview);
                return;
            default:
                await ProceedAsync(kind, text, WarnedValues.Mask);
                return;
        }
    }

    private async Task ConfirmPendingAsync(WarnedValues warned)
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        // "Send as is" only where the policy and the conversation allow it; the service enforces the same rule.
        await ProceedAsync(pending.Kind, pending.Text, pending.Preview.SendAsIsAllowed ? warned : WarnedValues.Mask);
    }

    private async Task EditPendingAsync()
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        if (pending.Kind == SendKind.New && _input is not null)
        {
            await _input.SetTextAsync(pending.Text);
        }
    }

    private async Task ProceedAsync(SendKind kind, string text, WarnedValues warned)
    {
        var ended = _session.AnswersEnded;
        try
        {
            await (kind switch
            {
                SendKind.New => _session.SendAsync(text, warned, NewConversationAsync),
                SendKind.Edit => _session.EditAndResendAsync(text, warned),
                SendKind.Regenerate => _session.RegenerateAsync(warned),
                _ => _session.AnswerAgainAsync(warned),
            });
        }
        catch (ChatInputException)
        {
            Snackbar.Add(L["TooLong", MaxCharacters.ToString("N0")], Severity.Warning);
            return;
        }
        catch (ChatRefusedException refused)
        {
            // The rules changed since the page opened (a new guideline version, the rollout): nothing was saved, the text goes back.
            Snackbar.Add(L[FailureMessages.Key(refused.Failure)], Severity.Warning);
            if (kind == SendKind.New && _input is not null)
            {
                await _input.SetTextAsync(text);
            }

            return;
        }

        if (_session.AnswersEnded != ended)
        {
            // The conversation moves up the list once its answer ended.
            await LoadListAsync();
        }
    }

    private async Task NewConversationAsync(Guid id)
    {
        Navigation.NavigateTo($"/chat/{id}");
        // A new conversation shows in the list at once; an existing one moves up when its answer ends,
        // so the list query does not delay the first token.
        await LoadListAsync();
    }

    /// <summary>The last question has no answer: it is checked again before it is answered.</summary>
    private Task AnswerAgainAsync() =>
        _session.LastQuestion is { } last ? CheckThenAsync(SendKind.AnswerAgain, last) : Task.CompletedTask;

    private void Stop() => _session.Cancel();

    private Task RegenerateAsync() =>
        _session.LastQuestion is { } last ? CheckThenAsync(SendKind.Regenerate, last) : Task.CompletedTask;

    private Task EditResendAsync(string text) => CheckThenAsync(SendKind.Edit, text);

    private Task ModelSelectedAsync(ChangeEventArgs e) =>
        e.Value is string model && Models.Find(model) is not null ? _session.ChangeModelAsync(model) : Task.CompletedTask;

    private void ToggleSettings()
    {
        _settingsOpen = !_settingsOpen;
        _systemPromptDraft = _session.SystemPrompt;
    }

    private async Task SaveSettingsAsync()
    {
        await _session.ChangeSystemPromptAsync(string.IsNullOrWhiteSpace(_systemPromptDraft) ? null : _systemPromptDraft.Trim(), CurrentModel?.Model);
        _settingsOpen = false;
    }

    private async Task ExportAsync()
    {
        var markdown = await _session.ExportMarkdownAsync(L["You"], L["Assistant"]);
        if (markdown is not null)
        {
            var name = string.Concat((_session.Title ?? L["ExportFileName"]).Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '/' or '\\' ? '_' : c));
            await JS.InvokeVoidAsync("secureAiChat.chat.download", name + ".md", markdown);
        }
    }

    private async Task RenameAsync((ConversationSummary Item, string Title) rename)
    {
        if (await Conversations.RenameAsync(_session.UserId, rename.Item.Id, rename.Title))
        {
            _session.Renamed(rename.Item.Id, rename.Title);
            await LoadListAsync();
        }
    }

    private async Task DeleteAsync(ConversationSummary item)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["DeleteConfirmTitle"], L["DeleteConfirmBody", item.Title], L["Delete"], cancelText: L["Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        // The service refuses while a legal hold covers the member or when members may not delete: say why, stop nothing.
        var outcome = await Conversations.DeleteAsync(_session.UserId, item.Id);
        if (RefusalMessage(outcome.Problems) is { } refused)
        {
            Snackbar.Add(refused, Severity.Warning);
            return;
        }

        var current = item.Id == _session.ConversationId;
        if (current)
        {
            _session.Cancel();
        }

        await LoadListAsync();
        if (current)
        {
            Navigation.NavigateTo("/chat");
        }
    }

    private async Task DeleteAllAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["DeleteAllConfirmTitle"], L["DeleteAllConfirmBody"], L["Delete"], cancelText: L["Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var result = await Conversations.DeleteAllAsync(_session.UserId);
        if (RefusalMessage(result.Problems) is { } refused)
        {
            Snackbar.Add(refused, Severity.Warning);
            return;
        }

        _session.Cancel();
        _search = "";
        await LoadListAsync();
        if (_session.ConversationId is not null || _session.NotFound)
        {
            Navigation.NavigateTo("/chat");
        }
    }

    // Not found (deleted meanwhile, another tab) says nothing: the list is reloaded as after a delete.
    private string? RefusalMessage(IReadOnlyList<Problem<ConversationDeleteOutcome>> problems) =>
        problems.FirstOrDefault(p => p.Code is ConversationDeleteOutcome.OnHold or ConversationDeleteOutcome.NotAllowed) is { } refused
            ? L.Describe(refused)
            : null;

    private void ToggleSidebar() => _sidebarOpen = !_sidebarOpen;

    private void CloseSidebar() => _sidebarOpen = false;

    public ValueTask DisposeAsync()
    {
        // Closing the tab or the circuit: abort the upstream request at once; the service saves the
        // partial answer as stopped on its own (it does not need this circuit).
        _session?.Cancel();
        if (_scrollAttached)
        {
            // Fire and forget: awaiting JS on a closing circuit could wait for a browser that is gone.
            _ = DetachScrollAsync();
        }

        return ValueTask.CompletedTask;
    }

    private async Task DetachScrollAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("secureAiChat.chat.detachScroll", _scroll);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or JSException or TaskCanceledException or ObjectDisposedException)
        {
            // The page is gone; so is the observer.
        }
    }
}
