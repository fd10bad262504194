using SecureAiChat.Core.Team;

namespace SecureAiChat.Tests.Unit.Team;

public sealed class InviteeListTests
{
    [Fact]
    public void A_pasted_list_accepts_lines_commas_semicolons_and_outlook_names()
    {
        var list = InviteeList.FromPasted("a@example.jp, b@example.jp\n山田 太郎 <yamada@Example.JP>; c@example.jp\n\nA@example.jp");

        Assert.Empty(list.Problems);
        Assert.Equal(["a@example.jp", "b@example.jp", "yamada@example.jp", "c@example.jp"], list.Invitees.Select(i => i.Email));
        Assert.Equal(2, list.Invitees.Single(i => i.Email == "yamada@example.jp").Line);
    }

    [Fact]
    public void A_bad_address_is_reported_with_its_line()
    {
        var list = InviteeList.FromPasted("a@example.jp\nnot-an-address\nb@localhost");

        Assert.Equal([new InviteeProblem(2, "not-an-address"), new InviteeProblem(3, "b@localhost")], list.Problems);
        Assert.Single(list.Invitees);
    }

    [Fact]
    public void A_csv_takes_the_first_column_skips_a_header_and_reports_bad_rows_by_line()
    {
        var list = InviteeList.FromCsv("email,name\r\nsato@example.jp,佐藤\r\n\"suzuki@example.jp\",鈴木\r\nbroken,壊れた行\r\n");

        Assert.Equal(["sato@example.jp", "suzuki@example.jp"], list.Invitees.Select(i => i.Email));
        Assert.Equal([new InviteeProblem(4, "broken")], list.Problems);
    }
}
