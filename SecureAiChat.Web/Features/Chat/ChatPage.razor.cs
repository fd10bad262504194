using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.PersonalData;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Web.Features.Chat;

/// <summary>
/// The chat page: conversation list, messages and input. It owns one <see cref="CancellationTokenSource"/>
/// per answer; Stop, leaving the conversation and closing the circuit all cancel it, which aborts the
/// upstream request. While an answer streams only <see cref="StreamingMessage"/> re-renders.
/// </summary>
public sealed partial class ChatPage
{
    private readonly List<MessageView> _messages = [];
    private IReadOnlyList<ConversationSummary> _conversations = [];
    private ElementReference _scroll;
    private ChatInput? _input;
    private string _userId = "";
    private Guid? _conversationId;
    private string? _title;
    private string? _model;
    private string? _systemPrompt;
    private string? _systemPromptDraft;
    private string _search = "";
    private bool _notFound;
    private bool _streaming;
    private bool _settingsOpen;
    private bool _sidebarOpen;
    private bool _scrollAttached;
    private StreamBuffer? _streamBuffer;
    private CancellationTokenSource? _answer;
    private TimeZoneInfo _zone = TimeZoneInfo.Utc;
    private DateTime _now = DateTime.UtcNow;
    private static readonly TimeSpan SearchDelay = TimeSpan.FromMilliseconds(250);
    private int _searchVersion;

    /// <summary>Answers ended on this page: the remaining-budget chip reads its figures again when it changes.</summary>
    private int _answersEnded;
    private PendingSend? _pending;
    private string? _blockedNotice;
    private bool _checking;

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

    private string? TenantName => Tenant.MultiTenantContext.TenantInfo?.Name;

    private int MaxCharacters => Turns.Options.MaxInputCharacters;

    private TenantChatModel? CurrentModel => Models.Find(_model) ?? Models.DefaultModel;

    protected override async Task OnInitializedAsync()
    {
        var state = await AuthenticationState;
        _userId = state.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        if (await GuidelineGuard.RedirectUnlessAcceptedAsync(_userId)) return;
        // The model picker follows the workspace's AI settings as they are now.
        await Models.RefreshAsync();
        _zone = WorkspaceTime.Zone(Tenant.MultiTenantContext.TenantInfo?.TimeZoneId);
        await LoadListAsync();
    }

    protected override async Task OnParametersSetAsync()
    {
        // The URL changes to /chat/{id} when a new conversation gets its first message; that
        // conversation is already on screen (and may be streaming), so it is not reloaded.
        if (Id is { } id && id == _conversationId && !_notFound)
        {
            return;
        }

        CancelAnswer();
        _messages.Clear();
        _notFound = false;
        _settingsOpen = false;
        if (Id is not { } requested)
        {
            _conversationId = null;
            _title = null;
            _model = Models.DefaultModel?.Model;
            _systemPrompt = null;
            return;
        }

        var conversation = await Conversations.GetAsync(_userId, requested);
        if (conversation is null)
        {
            // Someone else's id looks exactly like an id that does not exist.
            _conversationId = null;
            _title = null;
            _notFound = true;
            return;
        }

        _conversationId = conversation.Id;
        _title = conversation.Title;
        _model = conversation.Model;
        _systemPrompt = conversation.SystemPrompt;
        _messages.AddRange(conversation.Messages.Select(ToView));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // Only once the scroll container has rendered: ChatRolloutGate may still be deciding (a slow first render on a
        // loaded machine), and attaching an empty reference threw in the browser and ended the circuit.
        if (!_scrollAttached && !_notFound && _scroll.Id is not null)
        {
            _scrollAttached = true;
            await JS.InvokeVoidAsync("secureAiChat.chat.attachScroll", _scroll);
        }
    }

    private MessageView ToView(ConversationMessage message) => MessageView.From(message, Markdown.Render, L["CopyCode"]);

    private async Task LoadListAsync()
    {
        _now = Time.GetUtcNow().UtcDateTime;
        _conversations = await Conversations.ListAsync(_userId, _search);
    }

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

        var results = await Conversations.ListAsync(_userId, text);
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
        if (_streaming || _notFound || _pending is not null || _checking)
        {
            return;
        }

        _blockedNotice = null;
        PersonalDataPreview preview;
        _checking = true; // a second Enter while the check runs must not send twice
        try
        {
            preview = await PersonalData.PreviewAsync(_userId, _conversationId, text, replacesLastUserMessage: kind != SendKind.New);
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

    private Task ProceedAsync(SendKind kind, string text, WarnedValues warned) => kind switch
    {
        SendKind.New => SendNowAsync(text, warned),
        SendKind.Edit => EditResendNowAsync(text, warned),
        SendKind.Regenerate => RegenerateNowAsync(warned),
        _ => StreamAnswerAsync(warned),
    };

    private async Task SendNowAsync(string text, WarnedValues warned)
    {
        if (_streaming || _notFound)
        {
            return;
        }

        // Busy from the moment of sending, so nothing offers to answer the question twice meanwhile.
        _streaming = true;
        ConversationMessage? sent;
        try
        {
            sent = await Turns.SendAsync(_userId, _conversationId, text, _model, _systemPrompt);
        }
        catch (ChatInputException)
        {
            _streaming = false;
            Snackbar.Add(L["TooLong", MaxCharacters.ToString("N0")], Severity.Warning);
            return;
        }

        if (sent is null)
        {
            _streaming = false;
            _notFound = true;
            return;
        }

        _messages.Add(ToView(sent));
        if (_conversationId is null)
        {
            _conversationId = sent.ConversationId;
            _title = ConversationStore.MakeTitle(text);
            Navigation.NavigateTo($"/chat/{sent.ConversationId}");
            // A new conversation shows in the list at once; an existing one moves up when its answer ends,
            // so the list query does not delay the first token.
            await LoadListAsync();
        }

        await StreamAnswerAsync(warned);
    }

    /// <summary>The last question has no answer: it is checked again before it is answered.</summary>
    private Task AnswerAgainAsync() =>
        _messages.LastOrDefault(m => m.Role == MessageRole.User) is { } last ? CheckThenAsync(SendKind.AnswerAgain, last.Content) : Task.CompletedTask;

    private async Task StreamAnswerAsync(WarnedValues warned)
    {
        if (_conversationId is not { } conversationId)
        {
            _streaming = false;
            return;
        }

        CancelAnswer();
        var cts = new CancellationTokenSource();
        _answer = cts;
        var buffer = new StreamBuffer();
        _streamBuffer = buffer;
        _streaming = true;
        StateHasChanged();
        try
        {
            var answer = await Turns.AnswerAsync(_userId, conversationId, warned, buffer.Append, cts.Token);
            if (_conversationId == conversationId)
            {
                _messages.Add(ToView(answer.Message));
            }
        }
        catch (InvalidOperationException)
        {
            // Deleted meanwhile (another tab).
            _notFound = _conversationId == conversationId;
        }
        finally
        {
            if (ReferenceEquals(_answer, cts))
            {
                _answer = null;
                _streamBuffer = null;
                _streaming = false;
            }

            _answersEnded++;
            cts.Dispose();
        }

        await LoadListAsync();
    }

    private void Stop() => CancelAnswer();

    private void CancelAnswer()
    {
        if (_answer is { } answer)
        {
            answer.Cancel();
        }
    }

    private Task RegenerateAsync() =>
        _messages.LastOrDefault(m => m.Role == MessageRole.User) is { } last ? CheckThenAsync(SendKind.Regenerate, last.Content) : Task.CompletedTask;

    private async Task RegenerateNowAsync(WarnedValues warned)
    {
        if (_streaming || _conversationId is not { } id)
        {
            return;
        }

        _streaming = true;
        if (!await Conversations.RemoveLastAnswerAsync(_userId, id))
        {
            _streaming = false;
            return;
        }

        var lastUser = _messages.FindLastIndex(m => m.Role == MessageRole.User);
        _messages.RemoveRange(lastUser + 1, _messages.Count - lastUser - 1);
        await StreamAnswerAsync(warned);
    }

    private Task EditResendAsync(string text) => CheckThenAsync(SendKind.Edit, text);

    private async Task EditResendNowAsync(string text, WarnedValues warned)
    {
        if (_streaming || _conversationId is not { } id)
        {
            return;
        }

        _streaming = true;
        ConversationMessage? edited;
        try
        {
            edited = await Conversations.EditLastUserMessageAsync(_userId, id, text);
        }
        catch (ChatInputException)
        {
            _streaming = false;
            Snackbar.Add(L["TooLong", MaxCharacters.ToString("N0")], Severity.Warning);
            return;
        }

        if (edited is null)
        {
            _streaming = false;
            return;
        }

        var lastUser = _messages.FindLastIndex(m => m.Role == MessageRole.User);
        _messages.RemoveRange(lastUser, _messages.Count - lastUser);
        _messages.Add(ToView(edited));
        await StreamAnswerAsync(warned);
    }

    private async Task ModelChangedAsync(string model)
    {
        _model = model;
        if (_conversationId is { } id)
        {
            await Conversations.UpdateSettingsAsync(_userId, id, model, _systemPrompt);
        }
    }

    private void ToggleSettings()
    {
        _settingsOpen = !_settingsOpen;
        _systemPromptDraft = _systemPrompt;
    }

    private async Task SaveSettingsAsync()
    {
        _systemPrompt = string.IsNullOrWhiteSpace(_systemPromptDraft) ? null : _systemPromptDraft.Trim();
        if (_conversationId is { } id && CurrentModel is { } model)
        {
            await Conversations.UpdateSettingsAsync(_userId, id, model.Model, _systemPrompt);
        }

        _settingsOpen = false;
    }

    private async Task ExportAsync()
    {
        if (_conversationId is not { } id)
        {
            return;
        }

        var markdown = await Conversations.ExportMarkdownAsync(_userId, id, L["You"], L["Assistant"]);
        if (markdown is not null)
        {
            var name = string.Concat((_title ?? L["ExportFileName"]).Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '/' or '\\' ? '_' : c));
            await JS.InvokeVoidAsync("secureAiChat.chat.download", name + ".md", markdown);
        }
    }

    private async Task RenameAsync((ConversationSummary Item, string Title) rename)
    {
        if (await Conversations.RenameAsync(_userId, rename.Item.Id, rename.Title))
        {
            if (rename.Item.Id == _conversationId)
            {
                _title = ConversationStore.MakeTitle(rename.Title);
            }

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
        var outcome = await Conversations.DeleteAsync(_userId, item.Id);
        if (RefusalMessage(outcome) is { } refused)
        {
            Snackbar.Add(refused, Severity.Warning);
            return;
        }

        if (item.Id == _conversationId)
        {
            CancelAnswer();
        }

        await LoadListAsync();
        if (item.Id == _conversationId)
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

        var result = await Conversations.DeleteAllAsync(_userId);
        if (RefusalMessage(result.Outcome) is { } refused)
        {
            Snackbar.Add(refused, Severity.Warning);
            return;
        }

        CancelAnswer();
        _search = "";
        await LoadListAsync();
        if (_conversationId is not null || _notFound)
        {
            Navigation.NavigateTo("/chat");
        }
    }

    private string? RefusalMessage(ConversationDeleteOutcome outcome) => outcome switch
    {
        ConversationDeleteOutcome.OnHold => L["DeleteRefused_OnHold"].Value,
        ConversationDeleteOutcome.NotAllowed => L["DeleteRefused_NotAllowed"].Value,
        _ => null,
    };

    private void ToggleSidebar() => _sidebarOpen = !_sidebarOpen;

    private void CloseSidebar() => _sidebarOpen = false;

    public ValueTask DisposeAsync()
    {
        // Closing the tab or the circuit: abort the upstream request at once; the service saves the
        // partial answer as stopped on its own (it does not need this circuit).
        CancelAnswer();
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
