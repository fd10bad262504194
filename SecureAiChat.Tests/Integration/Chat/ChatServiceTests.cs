using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Providers;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Web.Features.Chat;

namespace SecureAiChat.Tests.Integration.Chat;

/// <summary>The chat service in the real app (SQLite, DI, tenancy) against the fake upstream over real HTTP.</summary>
public sealed class ChatServiceTests(ChatAppHost app) : ChatServiceCases<ChatAppHost>(app);

/// <summary>The same on PostgreSQL.</summary>
public sealed class PostgreSqlChatServiceTests(Integration.PostgreSql.PostgreSqlChatAppHost app) : ChatServiceCases<Integration.PostgreSql.PostgreSqlChatAppHost>(app);

public abstract class ChatServiceCases<THost>(THost app) : IClassFixture<THost>
    where THost : ChatAppHost
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(15);

    private sealed record Member(AppTenantInfo Tenant, string UserId);

    private async Task<Member> MemberAsync(string tenant = "chatsvc")
    {
        var info = await app.EnsureTenantAsync(tenant);
        var user = await app.CreateUserAsync(info.Id, $"{Guid.NewGuid():N}@example.jp");
        return new Member(info, user.Id);
    }

    private async Task<T> WithChatAsync<T>(Member member, Func<ChatParts, Task<T>> action)
    {
        await using var scope = await app.TenantScopeAsync(member.Tenant.Id);
        return await action(ChatParts.From(scope.ServiceProvider));
    }

    private async Task<T> WithDbAsync<T>(Member member, Func<AppDbContext, Task<T>> action)
    {
        await using var scope = await app.TenantScopeAsync(member.Tenant.Id);
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private static string Marker() => "m" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Sends <paramref name="text"/> in a new conversation and streams the answer.</summary>
    private async Task<(Guid ConversationId, ChatAnswer Answer, List<string> Deltas)> AskAsync(
        Member member, string text, Action<string, int>? onDelta = null, CancellationToken cancellationToken = default)
    {
        var deltas = new List<string>();
        return await WithChatAsync(member, async chat =>
        {
            var sent = await chat.Turns.SendAsync(member.UserId, null, text, cancellationToken: CancellationToken.None);
            Assert.NotNull(sent);
            var answer = await chat.Turns.AnswerAsync(member.UserId, sent.ConversationId, d =>
            {
                lock (deltas)
                {
                    deltas.Add(d);
                    onDelta?.Invoke(d, deltas.Count);
                }
            }, cancellationToken);
            return (sent.ConversationId, answer, deltas);
        });
    }

    private Task<List<UsageRecord>> UsageAsync(Member member, Guid conversationId) =>
        WithDbAsync(member, db => db.UsageRecords.AsNoTracking().Where(u => u.ConversationId == conversationId).ToListAsync());

    [Fact]
    public async Task Tokens_arrive_in_order_and_the_answer_is_saved_once_at_the_end()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Tokens = ["Alpha", " Beta", " Gamma", " **Delta**"], DelayPerToken = TimeSpan.FromMilliseconds(120) });
        var midStream = new TaskCompletionSource<(int Users, int Answers)>(TaskCreationOptions.RunContinuationsAsynchronously);

        var (conversationId, answer, deltas) = await AskAsync(member, "Greek letters please " + marker, onDelta: (delta, count) =>
        {
            if (count == 1)
            {
                // While tokens stream, the user message is saved and the answer is not: no write per token.
                // Blocking the callback holds the stream at its first token, so the check cannot race the end.
                midStream.TrySetResult(WithDbAsync(member, async db => (
                    await db.ChatMessages.CountAsync(m => m.Role == MessageRole.User && m.Content.Contains(marker)),
                    await db.ChatMessages.CountAsync(m => m.Role == MessageRole.Assistant && m.Conversation!.Messages.Any(x => x.Content.Contains(marker)))))
                    .GetAwaiter().GetResult());
            }
        });

        Assert.Equal(["Alpha", " Beta", " Gamma", " **Delta**"], deltas);
        Assert.Equal((1, 0), await midStream.Task.WaitAsync(Generous));
        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        Assert.Equal("Alpha Beta Gamma **Delta**", answer.Message.Content);
        Assert.Contains("<strong>Delta</strong>", answer.Message.RenderedHtml, StringComparison.Ordinal);
        Assert.Equal(ChatAppHost.Model, answer.Message.Model);

        var saved = await WithChatAsync(member, chat => chat.Conversations.GetAsync(member.UserId, conversationId));
        Assert.NotNull(saved);
        Assert.Equal([MessageRole.User, MessageRole.Assistant], saved.Messages.Select(m => m.Role));
        Assert.Equal("Greek letters please " + marker, saved.Title);
        var request = Assert.Single(app.RequestsWith(marker));
        Assert.Equal("Bearer " + ChatAppHost.ApiKey, request.Header("Authorization"));
        Assert.True(request.Stream);
    }

    [Fact]
    public async Task Usage_is_recorded_with_the_provider_counts()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Reply = "Counted answer", PromptTokens = 42, CompletionTokens = 7 });

        var (conversationId, answer, _) = await AskAsync(member, "count me " + marker);

        var usage = Assert.Single(await UsageAsync(member, conversationId));
        Assert.True(usage.ReportedByProvider);
        Assert.Equal(42, usage.InputTokens);
        Assert.Equal(7, usage.OutputTokens);
        Assert.Equal(ProviderKind.OpenAI, usage.Provider);
        Assert.Equal(ChatAppHost.Model, usage.Model);
        Assert.Equal(member.UserId, usage.UserId);
        Assert.Equal(MessageStatus.Completed, usage.Status);
        Assert.NotNull(usage.TimeToFirstTokenMs);
        Assert.InRange(usage.TimeToFirstTokenMs.Value, 0, usage.DurationMs);
        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
    }

    [Fact]
    public async Task Usage_is_estimated_with_the_tokenizer_when_the_upstream_sends_none()
    {
        var member = await MemberAsync();
        var marker = Marker();
        const string reply = "An answer without a usage chunk, counted by our own tokenizer.";
        app.Script(marker, new UpstreamScript { Reply = reply, IncludeUsage = false });

        var (conversationId, _, _) = await AskAsync(member, "estimate me " + marker);

        var usage = Assert.Single(await UsageAsync(member, conversationId));
        Assert.False(usage.ReportedByProvider);
        Assert.Equal(new TokenCounter().CountTokens(reply), usage.OutputTokens);
        Assert.InRange(usage.InputTokens, 5, 100);
    }

    [Fact]
    public async Task Stop_cancels_the_upstream_request_within_a_second_and_keeps_the_partial_answer()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Tokens = Enumerable.Range(0, 100).Select(i => $" w{i}").ToList(), DelayPerToken = TimeSpan.FromMilliseconds(100) });
        using var stop = new CancellationTokenSource();
        var stoppedAt = 0L;

        var (conversationId, answer, deltas) = await AskAsync(member, "long story " + marker, (_, count) =>
        {
            if (count == 3)
            {
                stoppedAt = System.Diagnostics.Stopwatch.GetTimestamp();
                stop.Cancel();
            }
        }, stop.Token);

        var request = Assert.Single(app.RequestsWith(marker));
        await request.Aborted.WaitAsync(Generous);
        var abortedAfter = System.Diagnostics.Stopwatch.GetElapsedTime(stoppedAt);
        Assert.True(abortedAfter < TimeSpan.FromSeconds(1), $"The upstream saw the abort {abortedAfter.TotalMilliseconds} ms after Stop.");
        Assert.Equal(MessageStatus.Stopped, answer.Message.Status);
        Assert.StartsWith(" w0 w1 w2", answer.Message.Content, StringComparison.Ordinal);
        Assert.True(deltas.Count < 10);
        var usage = Assert.Single(await UsageAsync(member, conversationId));
        Assert.Equal(MessageStatus.Stopped, usage.Status);
        Assert.True(usage.OutputTokens > 0);
    }

    [Fact]
    public async Task A_shutdown_lets_a_short_answer_finish_and_saves_a_long_one_as_interrupted_with_its_usage()
    {
        var member = await MemberAsync();
        var quick = Marker();
        var slow = Marker();
        app.Script(quick, new UpstreamScript { Tokens = [" a", " b", " c"], DelayPerToken = TimeSpan.FromMilliseconds(50) });
        app.Script(slow, new UpstreamScript { Tokens = Enumerable.Range(0, 200).Select(i => $" w{i}").ToList(), DelayPerToken = TimeSpan.FromMilliseconds(100) });

        // Long grace: the answer streaming when the shutdown begins ends on its own and is saved completed.
        using (var drain = new AnswerDrain())
        {
            Task<bool>? draining = null;
            var (_, finished, _) = await AskWithDrainAsync(member, "short " + quick, drain, count =>
            {
                if (count == 1) draining = drain.DrainAsync(TimeSpan.FromMinutes(5), TimeProvider.System, CancellationToken.None);
            });
            Assert.Equal(MessageStatus.Completed, finished.Message.Status);
            Assert.Equal(" a b c", finished.Message.Content);
            Assert.True(await draining!);
            Assert.False(drain.Interrupted.IsCancellationRequested);
        }

        // No grace left: the answer is interrupted, the upstream request ends, and the partial text and usage are saved.
        using (var drain = new AnswerDrain())
        {
            Task<bool>? draining = null;
            var (conversationId, interrupted, _) = await AskWithDrainAsync(member, "long " + slow, drain, count =>
            {
                if (count == 3) draining = drain.DrainAsync(TimeSpan.Zero, TimeProvider.System, CancellationToken.None);
            });
            Assert.Equal(MessageStatus.Failed, interrupted.Message.Status);
            Assert.Equal(AnswerFailure.Interrupted, interrupted.Message.Failure?.Kind);
            Assert.StartsWith(" w0 w1 w2", interrupted.Message.Content, StringComparison.Ordinal);
            Assert.True(await draining!);
            await Assert.Single(app.RequestsWith(slow)).Aborted.WaitAsync(Generous);
            var usage = Assert.Single(await UsageAsync(member, conversationId));
            Assert.True(usage.OutputTokens > 0);
            var saved = await WithDbAsync(member, db => db.ChatMessages.AsNoTracking().Where(m => m.ConversationId == conversationId).OrderBy(m => m.CreatedAt).ToListAsync());
            Assert.Equal(["long " + slow, interrupted.Message.Content], saved.Select(m => m.Content));
        }
    }

    /// <summary>Like <see cref="AskAsync"/>, with the chat service given its own <see cref="AnswerDrain"/> (the host's is shared by every test).</summary>
    private async Task<(Guid ConversationId, ChatAnswer Answer, int Deltas)> AskWithDrainAsync(Member member, string text, AnswerDrain drain, Action<int> onDelta)
    {
        await using var scope = await app.TenantScopeAsync(member.Tenant.Id);
        var turns = ActivatorUtilities.CreateInstance<ChatTurns>(scope.ServiceProvider, drain);
        var sent = await turns.SendAsync(member.UserId, null, text, cancellationToken: CancellationToken.None);
        Assert.NotNull(sent);
        var count = 0;
        var answer = await turns.AnswerAsync(member.UserId, sent.ConversationId, _ => onDelta(Interlocked.Increment(ref count)), CancellationToken.None);
        return (sent.ConversationId, answer, count);
    }

    public static TheoryData<string, string, int> Faults => new()
    {
        // fault name, expected failure code, expected number of upstream requests (retries only before the first token)
        { "401", nameof(AnswerFailure.KeyRejected), 1 },
        { "429", nameof(AnswerFailure.RateLimited), 1 },
        { "500", nameof(AnswerFailure.ServerError), 3 },
        { "azure-filter", nameof(AnswerFailure.ContentFiltered), 1 },
    };

    [Fact]
    public async Task A_member_outside_the_rollout_is_refused_by_the_service_and_nothing_is_saved()
    {
        var member = await MemberAsync("chatsvc-rollout");
        var owner = await app.CreateUserAsync(member.Tenant.Id, $"{Guid.NewGuid():N}@example.jp", role: Core.Identity.Roles.Owner);
        await using (var scope = await app.TenantScopeAsync(member.Tenant.Id))
        {
            // Chat open to chosen departments only, and none chosen: the member's page (or a direct call) is refused.
            await scope.ServiceProvider.GetRequiredService<Core.Team.DepartmentService>()
                .SaveRolloutAsync(Core.Team.ChatRollout.SelectedDepartments, [], owner.Id, owner.Email!);
        }

        var refused = await Assert.ThrowsAsync<ChatRefusedException>(() => WithChatAsync(member, chat => chat.Turns.SendAsync(member.UserId, null, "hello " + Marker())));

        Assert.Equal(AnswerFailure.NotInRollout, refused.Failure);
        Assert.Equal(AnswerFailure.NotInRollout, await WithChatAsync(member, chat => chat.Eligibility.RefusalAsync(member.UserId)));
        Assert.Null(await WithChatAsync(member, chat => chat.Eligibility.RefusalAsync(owner.Id)));
        Assert.Equal(0, await WithDbAsync(member, db => db.Conversations.CountAsync(c => c.UserId == member.UserId)));
    }

    [Fact]
    public async Task A_member_with_a_pending_guideline_is_refused_by_the_service_in_an_existing_conversation_and_nothing_is_saved()
    {
        var member = await MemberAsync("chatsvc-guideline");
        var sent = await WithChatAsync(member, chat => chat.Turns.SendAsync(member.UserId, null, "before the guideline " + Marker()));
        Assert.NotNull(sent);
        var admin = await app.CreateUserAsync(member.Tenant.Id, $"{Guid.NewGuid():N}@example.jp", role: Core.Identity.Roles.Admin);
        await using (var scope = await app.TenantScopeAsync(member.Tenant.Id))
        {
            var published = await scope.ServiceProvider.GetRequiredService<Core.Guidelines.GuidelineService>().PublishAsync(admin.Id, "利用ルール", "個人情報を入力しない");
            Assert.True(published.Succeeded);
        }

        // The member's page opened before the version was published: the service refuses the next message.
        var refused = await Assert.ThrowsAsync<ChatRefusedException>(() =>
            WithChatAsync(member, chat => chat.Turns.SendAsync(member.UserId, sent.ConversationId, "after the guideline " + Marker())));

        Assert.Equal(AnswerFailure.GuidelinePending, refused.Failure);
        Assert.Equal(1, await WithDbAsync(member, db => db.ChatMessages.CountAsync(m => m.ConversationId == sent.ConversationId)));
        Assert.Null(await WithChatAsync(member, chat => chat.Eligibility.RefusalAsync(admin.Id)));

        // Regenerating and editing the last question ask the model again: refused the same way, the question unchanged.
        var regenerate = await Assert.ThrowsAsync<ChatRefusedException>(() =>
            WithChatAsync(member, chat => chat.Conversations.RemoveLastAnswerAsync(member.UserId, sent.ConversationId)));
        var edit = await Assert.ThrowsAsync<ChatRefusedException>(() =>
            WithChatAsync(member, chat => chat.Conversations.EditLastUserMessageAsync(member.UserId, sent.ConversationId, "edited " + Marker())));
        Assert.Equal(AnswerFailure.GuidelinePending, regenerate.Failure);
        Assert.Equal(AnswerFailure.GuidelinePending, edit.Failure);
        Assert.Equal(sent.Content, await WithDbAsync(member, db => db.ChatMessages.Where(m => m.Id == sent.Id).Select(m => m.Content).SingleAsync()));

        // "Answer again" (the question has no answer) asks the model without changing anything first: refused the same
        // way by the answer itself, and no answer (not even a failed one) is saved.
        var again = await Assert.ThrowsAsync<ChatRefusedException>(() =>
            WithChatAsync(member, chat => chat.Turns.AnswerAgainAsync(member.UserId, sent.ConversationId, Core.PersonalData.WarnedValues.Mask)));
        Assert.Equal(AnswerFailure.GuidelinePending, again.Failure);
        Assert.Equal(1, await WithDbAsync(member, db => db.ChatMessages.CountAsync(m => m.ConversationId == sent.ConversationId)));
    }

    [Fact]
    public async Task Answers_failed_before_the_failure_enum_still_read_with_their_kind_and_detail()
    {
        var member = await MemberAsync();
        var sent = await WithChatAsync(member, chat => chat.Turns.SendAsync(member.UserId, null, "old rows " + Marker()));
        Assert.NotNull(sent);
        // The strings rows were saved with when failure codes were strings (ChatFailureKind names and ChatFailureCodes).
        var old = new (string Stored, MessageFailure Expected)[]
        {
            ("KeyRejected", new(AnswerFailure.KeyRejected)),
            ("AllowanceExhausted", new(AnswerFailure.AllowanceExhausted)),
            ("BudgetExceededMember", MessageFailure.BudgetExceeded(Core.Budgets.BudgetLevel.Member)),
            ("Interrupted", new(AnswerFailure.Interrupted)),
            ("RetiredCode", new(AnswerFailure.Unknown)),
        };

        foreach (var (stored, expected) in old)
        {
            var read = await WithDbAsync(member, async db =>
            {
                await db.Database.ExecuteSqlAsync($"""UPDATE "ChatMessages" SET "Status" = 'Failed', "FailureCode" = {stored} WHERE "Id" = {sent.Id}""");
                return await db.ChatMessages.AsNoTracking().SingleAsync(m => m.Id == sent.Id);
            });
            Assert.Equal(MessageStatus.Failed, read.Status);
            Assert.Equal(expected, read.Failure);
        }

        var blocked = await WithDbAsync(member, async db =>
        {
            await db.Database.ExecuteSqlAsync($"""UPDATE "ChatMessages" SET "FailureCode" = 'PersonalDataBlocked:69' WHERE "Id" = {sent.Id}""");
            return await db.ChatMessages.AsNoTracking().SingleAsync(m => m.Id == sent.Id);
        });
        Assert.Equal(AnswerFailure.PersonalDataBlocked, blocked.Failure!.Value.Kind);
        Assert.Equal([Core.PersonalData.PersonalDataCategory.Email, Core.PersonalData.PersonalDataCategory.CustomTerm], blocked.Failure.Value.BlockedCategories);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_http_fault_fails_the_answer_with_its_own_code(string fault, string code, int requests)
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, UpstreamScript.Failing(fault switch
        {
            "401" => UpstreamFault.InvalidApiKey(),
            "429" => UpstreamFault.RateLimited(retryAfter: "7"),
            "500" => UpstreamFault.ServerError(),
            _ => UpstreamFault.AzureContentFilter(),
        }));

        var (conversationId, answer, deltas) = await AskAsync(member, "fault " + marker);

        Assert.Empty(deltas);
        Assert.Equal(MessageStatus.Failed, answer.Message.Status);
        Assert.Equal(code, answer.Message.Failure?.Kind.ToString());
        Assert.Equal(requests, app.RequestsWith(marker).Count);
        if (fault == "429")
        {
            Assert.Equal(7, answer.Message.RetryAfterSeconds);
        }

        Assert.Equal(MessageStatus.Failed, Assert.Single(await UsageAsync(member, conversationId)).Status);
    }

    [Fact]
    public async Task Transient_faults_before_the_first_token_are_retried_without_duplicating_text()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker,
            UpstreamScript.Failing(UpstreamFault.ServiceUnavailable()),
            UpstreamScript.Failing(UpstreamFault.ServerError()),
            new UpstreamScript { Reply = "Third time lucky" });

        var (_, answer, _) = await AskAsync(member, "retry " + marker);

        Assert.Equal(MessageStatus.Completed, answer.Message.Status);
        Assert.Equal("Third time lucky", answer.Message.Content);
        Assert.Equal(3, app.RequestsWith(marker).Count);
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_keeps_the_partial_text_and_is_not_retried()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Tokens = ["One", " two", " three", " four", " five"], DisconnectAfterTokens = 3 });

        var (_, answer, _) = await AskAsync(member, "drop " + marker);

        Assert.Equal(MessageStatus.Failed, answer.Message.Status);
        Assert.Equal(AnswerFailure.ConnectionLost, answer.Message.Failure?.Kind);
        Assert.Equal("One two three", answer.Message.Content);
        Assert.Single(app.RequestsWith(marker));
    }

    [Fact]
    public async Task A_stream_that_stalls_fails_with_the_idle_timeout_and_keeps_the_partial_text()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Tokens = ["Still", " here", " then"], StallAfterTokens = 2 });

        var (_, answer, _) = await AskAsync(member, "stall " + marker);

        Assert.Equal(MessageStatus.Failed, answer.Message.Status);
        Assert.Equal(AnswerFailure.Stalled, answer.Message.Failure?.Kind);
        Assert.Equal("Still here", answer.Message.Content);
        await Assert.Single(app.RequestsWith(marker)).Aborted.WaitAsync(Generous);
    }

    [Fact]
    public async Task A_content_filter_in_the_stream_fails_the_answer_after_the_partial_text()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Tokens = ["Partial", " text"], FinishReason = "content_filter" });

        var (_, answer, _) = await AskAsync(member, "filter " + marker);

        Assert.Equal(MessageStatus.Failed, answer.Message.Status);
        Assert.Equal(AnswerFailure.ContentFiltered, answer.Message.Failure?.Kind);
        Assert.Equal("Partial text", answer.Message.Content);
    }

    [Fact]
    public async Task History_is_trimmed_to_the_budget_keeping_the_system_prompt_and_the_newest_turns()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Reply = "ok" });
        var counter = new TokenCounter();

        var conversationId = await WithChatAsync(member, async chat =>
        {
            var first = await chat.Turns.SendAsync(member.UserId, null, "turn 0 " + string.Join(' ', Enumerable.Repeat("lorem ipsum", 60)), systemPrompt: "Answer in Japanese.");
            return first!.ConversationId;
        });
        await WithDbAsync(member, async db =>
        {
            var start = DateTime.UtcNow.AddHours(-1);
            (await db.ChatMessages.SingleAsync(m => m.ConversationId == conversationId)).CreatedAt = start;
            for (var i = 1; i < 40; i++)
            {
                db.ChatMessages.Add(new ConversationMessage
                {
                    ConversationId = conversationId, Role = i % 2 == 1 ? MessageRole.Assistant : MessageRole.User,
                    Content = $"turn {i} " + string.Join(' ', Enumerable.Repeat("lorem ipsum", 60)), CreatedAt = start.AddSeconds(i),
                });
            }

            return await db.SaveChangesAsync();
        });

        await WithChatAsync(member, async chat =>
        {
            await chat.Turns.SendAsync(member.UserId, conversationId, "newest question " + marker);
            return await chat.Turns.AnswerAsync(member.UserId, conversationId);
        });

        var sent = Assert.Single(app.RequestsWith(marker)).Messages;
        Assert.Equal("system", sent[0].Role);
        Assert.Equal("Answer in Japanese.", sent[0].Content);
        Assert.Equal("newest question " + marker, sent[^1].Content);
        Assert.InRange(sent.Count, 4, 30);
        // The kept history is the newest turns, contiguous, oldest dropped first.
        var turns = sent.Skip(1).SkipLast(1).Select(m => int.Parse(m.Content!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(40 - turns.Count, turns.Count), turns);
        var tokens = counter.CountMessages(sent.Select(m => new Microsoft.Extensions.AI.ChatMessage(new(m.Role), m.Content)));
        Assert.True(tokens <= ChatAppHost.ContextWindowTokens - ChatAppHost.ReservedOutputTokens, $"{tokens} tokens sent");
    }

    [Fact]
    public async Task Another_members_or_tenants_conversation_behaves_as_not_found()
    {
        var owner = await MemberAsync();
        var colleague = await MemberAsync();
        var outsider = await MemberAsync("chatsvc-other");
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Reply = "private" });
        var (conversationId, secret, _) = await AskAsync(owner, "secret plan " + marker);

        foreach (var stranger in new[] { colleague, outsider })
        {
            await WithChatAsync(stranger, async chat =>
            {
                Assert.Null(await chat.Conversations.GetAsync(stranger.UserId, conversationId));
                Assert.Null(await chat.Turns.SendAsync(stranger.UserId, conversationId, "let me in"));
                Assert.False(await chat.Conversations.RenameAsync(stranger.UserId, conversationId, "mine"));
                Assert.Equal(ConversationDeleteOutcome.NotFound, (await chat.Conversations.DeleteAsync(stranger.UserId, conversationId)).Code);
                Assert.Null(await chat.Conversations.ExportMarkdownAsync(stranger.UserId, conversationId, "You", "AI"));
                Assert.Null(await chat.Conversations.GetMessageTextAsync(stranger.UserId, conversationId, secret.Message.Id));
                Assert.Null(await chat.Conversations.OpenAsync(stranger.UserId, conversationId, 20));
                Assert.Empty(await chat.Conversations.ReadMessagesAsync(stranger.UserId, conversationId, 0, 20));
                Assert.DoesNotContain(await chat.Conversations.PageAsync(stranger.UserId, "secret", 0, 500), c => c.Id == conversationId);
                await Assert.ThrowsAsync<InvalidOperationException>(() => chat.Turns.AnswerAsync(stranger.UserId, conversationId));
                return 0;
            });
        }

        Assert.NotNull(await WithChatAsync(owner, chat => chat.Conversations.GetAsync(owner.UserId, conversationId)));
        Assert.Equal(secret.Message.Content, await WithChatAsync(owner, chat => chat.Conversations.GetMessageTextAsync(owner.UserId, conversationId, secret.Message.Id)));
    }

    [Fact]
    public async Task The_sidebar_reads_the_members_conversations_in_pages_newest_first_with_search_and_nothing_of_others()
    {
        var member = await MemberAsync();
        var colleague = await MemberAsync();
        var outsider = await MemberAsync("chatsvc-other");
        var marker = Marker();
        var now = DateTime.UtcNow;
        // 60 of the member's, in pairs updated at the same moment (the id breaks the tie, so pages neither overlap nor
        // miss a row); every tenth mentions the marker in a message. Others' conversations carry the marker too.
        var mine = await WithDbAsync(member, async db =>
        {
            var made = new List<Conversation>();
            for (var i = 0; i < 60; i++)
            {
                var conversation = new Conversation
                {
                    TenantId = member.Tenant.Id, UserId = member.UserId, Title = $"会話 {i}", Model = "gpt-4o-mini",
                    CreatedAt = now.AddHours(-(i / 2) * 3), UpdatedAt = now.AddHours(-(i / 2) * 3),
                };
                if (i % 10 == 0)
                {
                    conversation.Messages.Add(new ConversationMessage
                    {
                        TenantId = member.Tenant.Id, Role = MessageRole.User, Content = "見積もり " + marker, Status = MessageStatus.Completed, CreatedAt = conversation.CreatedAt,
                    });
                }

                made.Add(conversation);
            }

            db.Conversations.AddRange(made);
            await db.SaveChangesAsync();
            return made;
        });
        foreach (var stranger in new[] { colleague, outsider })
        {
            await WithDbAsync(stranger, db =>
            {
                db.Conversations.Add(new Conversation { TenantId = stranger.Tenant.Id, UserId = stranger.UserId, Title = "他人の会話 " + marker, Model = "gpt-4o-mini", CreatedAt = now, UpdatedAt = now });
                return db.SaveChangesAsync();
            });
        }

        await WithChatAsync(member, async chat =>
        {
            var store = chat.Conversations;
            Assert.Equal(60, await store.CountAsync(member.UserId));
            var paged = new List<ConversationSummary>();
            for (var skip = 0; skip < 70; skip += 25)
            {
                paged.AddRange(await store.PageAsync(member.UserId, null, skip, 25));
            }

            Assert.Equal(mine.Select(c => c.Id).Order(), paged.Select(c => c.Id).Order());
            Assert.Equal(paged.Select(c => c.UpdatedAt).OrderDescending(), paged.Select(c => c.UpdatedAt));
            Assert.Equal(paged.Select(c => c.Id), (await store.PageAsync(member.UserId, null, 0, 500)).Select(c => c.Id));
            // A page read with the row before it (the sidebar's date groups) overlaps the previous page by exactly that row.
            Assert.Equal(paged.Skip(24).Take(26).Select(c => c.Id), (await store.PageAsync(member.UserId, null, 24, 26)).Select(c => c.Id));

            // Search over titles and message text, in pages too; other members' matches never appear.
            var found = mine.Where((_, i) => i % 10 == 0).Select(c => c.Id).Order().ToList();
            Assert.Equal(6, await store.CountAsync(member.UserId, marker));
            var searched = (await store.PageAsync(member.UserId, marker, 0, 4)).Concat(await store.PageAsync(member.UserId, marker, 4, 4)).ToList();
            Assert.Equal(found, searched.Select(c => c.Id).Order());
            Assert.Equal(["会話 0"], (await store.PageAsync(member.UserId, "会話 0", 0, 25)).Select(c => c.Title));

            // What the page hands the sidebar: the count and the first screenful.
            var pages = await ConversationPages.ReadAsync(store, member.UserId, null, 25);
            Assert.Equal(60, pages.Total);
            Assert.Equal(paged.Take(25).Select(c => c.Id), pages.First.Select(c => c.Id));
            Assert.Equal(paged.Skip(50).Select(c => c.Id), (await pages.ReadAsync(50, 25, CancellationToken.None)).Select(c => c.Id));
            return 0;
        });

        foreach (var stranger in new[] { colleague, outsider })
        {
            await WithChatAsync(stranger, async chat =>
            {
                Assert.Equal(1, await chat.Conversations.CountAsync(stranger.UserId));
                Assert.Equal(["他人の会話 " + marker], (await chat.Conversations.PageAsync(stranger.UserId, marker, 0, 100)).Select(c => c.Title));
                return 0;
            });
        }
    }

    [Fact]
    public async Task Search_finds_titles_and_message_text_and_delete_all_removes_only_mine()
    {
        var member = await MemberAsync();
        var other = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Reply = "The capital is Kyoto-Tokyo " + marker });
        var (first, _, _) = await AskAsync(member, "見積もりの相談 " + marker);
        var (second, _, _) = await AskAsync(member, "unrelated question");
        var (others, _, _) = await AskAsync(other, "other member " + marker);

        await WithChatAsync(member, async chat =>
        {
            Assert.Equal([first], (await chat.Conversations.PageAsync(member.UserId, "見積もり", 0, 500)).Select(c => c.Id));
            Assert.Equal([first], (await chat.Conversations.PageAsync(member.UserId, "KYOTO-tokyo", 0, 500)).Select(c => c.Id));
            Assert.Empty(await chat.Conversations.PageAsync(member.UserId, "100%_", 0, 500));
            Assert.Equal(2, (await chat.Conversations.PageAsync(member.UserId, null, 0, 500)).Count);
            Assert.True(await chat.Conversations.RenameAsync(member.UserId, second, "  Renamed\nchat  "));
            Assert.Equal("Renamed", (await chat.Conversations.GetAsync(member.UserId, second))!.Title);
            var markdown = await chat.Conversations.ExportMarkdownAsync(member.UserId, first, "あなた", "アシスタント");
            Assert.Contains("## あなた", markdown, StringComparison.Ordinal);
            Assert.Contains("## アシスタント (gpt-4o-mini)", markdown, StringComparison.Ordinal);
            Assert.Equal(2, (await chat.Conversations.DeleteAllAsync(member.UserId)).Value);
            Assert.Empty(await chat.Conversations.PageAsync(member.UserId, null, 0, 500));
            return 0;
        });
        Assert.NotNull(await WithChatAsync(other, chat => chat.Conversations.GetAsync(other.UserId, others)));
        // Usage survives deleting the conversations: it is the tenant's bill.
        Assert.Single(await UsageAsync(member, first));
    }

    /// <summary>Adds <paramref name="count"/> messages after the conversation's first, a minute apart (answers when <paramref name="answer"/> says so).</summary>
    private Task<int> SeedMessagesAsync(Member member, Guid conversationId, DateTime after, int count, Func<int, bool> answer) =>
        WithDbAsync(member, db =>
        {
            for (var i = 1; i <= count; i++)
            {
                db.ChatMessages.Add(new ConversationMessage
                {
                    TenantId = member.Tenant.Id, ConversationId = conversationId, Role = answer(i) ? MessageRole.Assistant : MessageRole.User,
                    Content = $"message {i}", RenderedHtml = answer(i) ? $"<p>message {i}</p>" : null, Status = MessageStatus.Completed,
                    // Two messages share a time: the order falls back to the id, the same in every read.
                    CreatedAt = after.AddMinutes(i == count ? count - 1 : i),
                });
            }

            return db.SaveChangesAsync();
        });

    [Fact]
    public async Task A_conversation_opens_with_its_newest_messages_and_reads_the_older_ones_in_pages_in_the_same_order()
    {
        var member = await MemberAsync();
        var first = (await WithChatAsync(member, chat => chat.Turns.SendAsync(member.UserId, null, "paged " + Marker())))!;
        await SeedMessagesAsync(member, first.ConversationId, first.CreatedAt, 44, i => i % 2 == 1);
        var all = (await WithChatAsync(member, chat => chat.Conversations.GetAsync(member.UserId, first.ConversationId)))!.Messages.Select(m => m.Id).ToList();
        Assert.Equal(45, all.Count);

        await WithChatAsync(member, async chat =>
        {
            var opening = await chat.Conversations.OpenAsync(member.UserId, first.ConversationId, 20);
            Assert.NotNull(opening);
            Assert.Equal((45, 25), (opening.MessageCount, opening.OlderCount));
            Assert.Equal(all[25..], opening.Newest.Select(m => m.Id));

            var paged = new List<Guid>();
            for (var start = 0; start < opening.OlderCount; start += 10)
            {
                var page = await chat.Conversations.ReadMessagesAsync(member.UserId, first.ConversationId, start, Math.Min(10, opening.OlderCount - start));
                Assert.Equal(Math.Min(10, opening.OlderCount - start), page.Count);
                paged.AddRange(page.Select(m => m.Id));
            }

            Assert.Equal(all, paged.Concat(opening.Newest.Select(m => m.Id)));
            Assert.Equal("<p>message 1</p>", (await chat.Conversations.ReadMessagesAsync(member.UserId, first.ConversationId, 1, 1))[0].RenderedHtml);
            Assert.Empty(await chat.Conversations.ReadMessagesAsync(member.UserId, first.ConversationId, 45, 10));
            Assert.Null(await chat.Conversations.OpenAsync(member.UserId, Guid.NewGuid(), 20));
            Assert.Empty(await chat.Conversations.ReadMessagesAsync(member.UserId, Guid.NewGuid(), 0, 10));
            return 0;
        });
    }

    [Fact]
    public async Task Opening_reaches_back_to_the_last_question_when_the_newest_messages_are_all_answers()
    {
        var member = await MemberAsync();
        var first = (await WithChatAsync(member, chat => chat.Turns.SendAsync(member.UserId, null, "answers only " + Marker())))!;
        await SeedMessagesAsync(member, first.ConversationId, first.CreatedAt, 30, i => i != 5);

        var opening = await WithChatAsync(member, chat => chat.Conversations.OpenAsync(member.UserId, first.ConversationId, 20));

        Assert.NotNull(opening);
        Assert.Equal(31, opening.MessageCount);
        Assert.Equal("message 5", opening.Newest.Last(m => m.Role == MessageRole.User).Content);
        Assert.Equal(opening.MessageCount - opening.Newest.Count, opening.OlderCount);
    }

    [Fact]
    public async Task Regenerate_and_edit_replace_the_last_answer()
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Reply = "first answer" }, new UpstreamScript { Reply = "second answer" });
        var (conversationId, _, _) = await AskAsync(member, "regen " + marker);

        var regenerated = await WithChatAsync(member, async chat =>
        {
            Assert.True(await chat.Conversations.RemoveLastAnswerAsync(member.UserId, conversationId));
            return await chat.Turns.AnswerAsync(member.UserId, conversationId);
        });
        Assert.Equal("second answer", regenerated.Message.Content);

        var editMarker = Marker();
        app.Script(editMarker, new UpstreamScript { Reply = "edited answer" });
        var detail = await WithChatAsync(member, async chat =>
        {
            Assert.NotNull(await chat.Conversations.EditLastUserMessageAsync(member.UserId, conversationId, "edited " + editMarker));
            await chat.Turns.AnswerAsync(member.UserId, conversationId);
            return await chat.Conversations.GetAsync(member.UserId, conversationId);
        });
        Assert.Equal(["edited " + editMarker, "edited answer"], detail!.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Input_rules_refuse_blank_and_over_long_messages()
    {
        var member = await MemberAsync();
        await WithChatAsync(member, async chat =>
        {
            await Assert.ThrowsAsync<ChatInputException>(() => chat.Turns.SendAsync(member.UserId, null, "   \n "));
            await Assert.ThrowsAsync<ChatInputException>(() => chat.Turns.SendAsync(member.UserId, null, new string('あ', chat.Turns.Options.MaxInputCharacters + 1)));
            Assert.NotNull(await chat.Turns.SendAsync(member.UserId, null, new string('あ', chat.Turns.Options.MaxInputCharacters)));
            return 0;
        });
    }

    [Fact]
    public async Task An_endless_answer_is_cut_at_the_bound_saved_with_its_own_code_and_does_not_hold_up_other_members()
    {
        var flooder = await MemberAsync();
        var other = await MemberAsync();
        var flood = Marker();
        var calm = Marker();
        // 40 MB without a newline, 4,000 characters per delta; the bound (Chat:MaxAnswerCharacters) is 200,000.
        app.Script(flood, new UpstreamScript { Tokens = new RepeatedTokens(new string('x', 4000), 10_000) });
        app.Script(calm, new UpstreamScript { Tokens = ["Calm", " answer"], DelayPerToken = TimeSpan.FromMilliseconds(50) });
        var flooding = AskAsync(flooder, "flood " + flood);
        await app.WaitForRequestWithAsync(flood);
        var (_, calmAnswer, _) = await AskAsync(other, "calm " + calm);
        var (conversationId, answer, _) = await flooding;
        // The upstream must see the abort without any help from a garbage collection. Its handler ends either way (aborted,
        // or after streaming all 40 MB); the bound only keeps a broken build from hanging: on a machine busy with the
        // whole suite, Kestrel's and the client's callbacks can wait seconds for a thread.
        var request = Assert.Single(app.RequestsWith(flood));
        await request.Finished.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(request.WasAborted, "The upstream streamed to the end instead of being cut off.");

        Assert.Equal(MessageStatus.Completed, calmAnswer.Message.Status);
        Assert.Equal("Calm answer", calmAnswer.Message.Content);
        Assert.Equal(MessageStatus.Failed, answer.Message.Status);
        Assert.Equal(AnswerFailure.AnswerTooLong, answer.Message.Failure?.Kind);
        Assert.Equal(200_000, answer.Message.Content.Length);
        // What was read is bounded by the cap (the saved text) and the socket buffers (what the upstream got out before
        // the abort); the process heap is no measure here: other test classes start hosts in parallel.
        Assert.True(request.ContentTokensSent < 10_000, "The upstream streamed to the end instead of being cut off.");
        var usage = Assert.Single(await UsageAsync(flooder, conversationId));
        Assert.Equal(MessageStatus.Failed, usage.Status);
        Assert.True(usage.OutputTokens > 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Deleting_the_conversation_while_its_answer_streams_keeps_exactly_one_usage_record(bool deleteAll)
    {
        var member = await MemberAsync();
        var marker = Marker();
        app.Script(marker, new UpstreamScript { Tokens = ["One", " two", " three"], DelayPerToken = TimeSpan.FromMilliseconds(100) });

        var (conversationId, answer, _) = await AskAsync(member, "delete me " + marker, onDelta: (_, count) =>
        {
            if (count == 1)
            {
                // Another tab deletes the conversation while the answer is still streaming.
                WithChatAsync(member, async chat =>
                {
                    if (deleteAll)
                    {
                        return (await chat.Conversations.DeleteAllAsync(member.UserId)).Value > 0;
                    }

                    var id = (await chat.Conversations.PageAsync(member.UserId, marker, 0, 500)).Single().Id;
                    return (await chat.Conversations.DeleteAsync(member.UserId, id)).Succeeded;
                }).GetAwaiter().GetResult();
            }
        });

        Assert.Equal("One two three", answer.Message.Content);
        Assert.Null(await WithChatAsync(member, chat => chat.Conversations.GetAsync(member.UserId, conversationId)));
        var usage = Assert.Single(await UsageAsync(member, conversationId));
        Assert.Equal(member.UserId, usage.UserId);
        Assert.Equal(MessageStatus.Completed, usage.Status);
        Assert.Equal(0, await WithDbAsync(member, db => db.ChatMessages.CountAsync(m => m.ConversationId == conversationId)));
    }

    [Fact]
    public async Task A_member_gets_at_most_three_answers_streaming_at_once_and_the_next_is_refused_with_its_own_code()
    {
        var member = await MemberAsync();
        var markers = Enumerable.Range(0, 3).Select(_ => Marker()).ToList();
        foreach (var marker in markers)
        {
            app.Script(marker, new UpstreamScript { Tokens = Enumerable.Range(0, 400).Select(i => $" t{i}").ToList(), DelayPerToken = TimeSpan.FromMilliseconds(50) });
        }

        using var stop = new CancellationTokenSource();
        var streaming = markers.Select(marker => AskAsync(member, "busy " + marker, cancellationToken: stop.Token)).ToList();
        foreach (var marker in markers)
        {
            await app.WaitForRequestWithAsync(marker);
        }

        var refusedMarker = Marker();
        var (refusedId, refused, refusedDeltas) = await AskAsync(member, "one too many " + refusedMarker);
        var otherMember = await AskAsync(await MemberAsync(), "someone else " + Marker());
        await stop.CancelAsync();
        await Task.WhenAll(streaming);
        var (_, afterwards, _) = await AskAsync(member, "after " + Marker());

        Assert.Equal(MessageStatus.Failed, refused.Message.Status);
        Assert.Equal(AnswerFailure.TooManyAnswers, refused.Message.Failure?.Kind);
        Assert.Empty(refusedDeltas);
        Assert.Empty(app.RequestsWith(refusedMarker));
        Assert.Empty(await UsageAsync(member, refusedId));
        Assert.Equal(MessageStatus.Completed, otherMember.Answer.Message.Status);
        Assert.All(streaming, s => Assert.Equal(MessageStatus.Stopped, s.Result.Answer.Message.Status));
        Assert.Equal(MessageStatus.Completed, afterwards.Message.Status);
        Assert.Equal(0, await WithDbAsync(member, db => db.ActiveAnswers.CountAsync()));
    }

    [Fact]
    public async Task A_workspace_at_its_plans_limit_of_streaming_answers_refuses_the_next_until_leases_end_or_expire()
    {
        var member = await MemberAsync("chatbusy");
        var limit = Core.Plans.PlanCatalog.Find(Core.Plans.PlanCode.Starter).MaxConcurrentAnswers;
        // Leases taken by other instances: only the database knows about them.
        await WithDbAsync(member, async db =>
        {
            db.ActiveAnswers.AddRange(Enumerable.Range(0, limit).Select(i => new ActiveAnswer
            {
                UserId = $"other-instance-member-{i}", StartedAt = DateTime.UtcNow, ExpiresAt = DateTime.UtcNow.AddHours(1),
            }));
            return await db.SaveChangesAsync();
        });

        var (_, refused, _) = await AskAsync(member, "full workspace " + Marker());
        await WithDbAsync(member, db => db.ActiveAnswers.ExecuteUpdateAsync(s => s.SetProperty(a => a.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        var (_, admitted, _) = await AskAsync(member, "expired leases " + Marker());

        Assert.Equal(AnswerFailure.WorkspaceBusy, refused.Message.Failure?.Kind);
        Assert.Equal(MessageStatus.Completed, admitted.Message.Status);
    }
}
