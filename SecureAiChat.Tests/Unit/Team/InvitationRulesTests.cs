using SecureAiChat.Core.Team;

namespace SecureAiChat.Tests.Unit.Team;

public sealed class InvitationRulesTests
{
    private static readonly DateTimeOffset Sent = new(2026, 4, 1, 9, 0, 0, TimeSpan.FromHours(9));

    private static Invitation Sample() => new() { CreatedAt = Sent, SentAt = Sent, ExpiresAt = Sent + Invitation.Lifetime };

    [Fact]
    public void An_invitation_is_pending_for_seven_days_and_expired_afterwards()
    {
        var invitation = Sample();
        Assert.Equal(TimeSpan.FromDays(7), Invitation.Lifetime);
        Assert.Equal(InvitationStatus.Pending, invitation.StatusAt(Sent.AddDays(7).AddSeconds(-1)));
        Assert.Equal(InvitationStatus.Expired, invitation.StatusAt(Sent.AddDays(7)));
    }

    [Fact]
    public void Accepted_and_revoked_invitations_are_never_pending_again()
    {
        var accepted = Sample();
        accepted.AcceptedAt = Sent.AddHours(1);
        Assert.Equal(InvitationStatus.Accepted, accepted.StatusAt(Sent.AddHours(2)));

        var revoked = Sample();
        revoked.RevokedAt = Sent.AddHours(1);
        Assert.Equal(InvitationStatus.Revoked, revoked.StatusAt(Sent.AddHours(2)));
    }

    [Fact]
    public void Tokens_are_128_bit_random_and_only_their_hash_is_kept()
    {
        var a = InvitationToken.New();
        var b = InvitationToken.New();
        Assert.NotEqual(a, b);
        Assert.Equal(22, a.Length); // 16 bytes, base64url without padding
        Assert.True(InvitationToken.IsWellFormed(a));
        Assert.Equal(64, InvitationToken.Hash(a).Length);
        Assert.DoesNotContain(a, InvitationToken.Hash(a), StringComparison.Ordinal);
        Assert.False(InvitationToken.IsWellFormed("../../etc/passwd"));
        Assert.False(InvitationToken.IsWellFormed(null));
    }
}
