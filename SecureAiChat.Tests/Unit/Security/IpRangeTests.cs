using System.Net;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Security.AllowList;

namespace SecureAiChat.Tests.Unit.Security;

/// <summary>Parsing of allow-list entries and matching of client addresses (<see cref="IpRange"/>, <see cref="IpAllowList"/>).</summary>
public sealed class IpRangeTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7/32")]
    [InlineData(" 203.0.113.0/24 ", "203.0.113.0/24")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("203.0.113.7/32", "203.0.113.7/32")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("2001:DB8:0:0::/32", "2001:db8::/32")]
    [InlineData("::/0", "::/0")]
    [InlineData("2001:db8::1/128", "2001:db8::1/128")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7/32")]
    [InlineData("::ffff:198.51.100.0/120", "198.51.100.0/24")]
    [InlineData("::ffff:0.0.0.0/96", "0.0.0.0/0")]
    public void Valid_entries_parse_to_their_canonical_network(string input, string canonical)
    {
        var parsed = IpRange.ParseEntry(input);
        Assert.True(parsed.Succeeded);
        Assert.Equal(canonical, parsed.Value.ToString());
    }

    [Theory]
    [InlineData("10.0.0.0/33", IpAllowListRefusal.PrefixOutOfRange)]
    [InlineData("2001:db8::/129", IpAllowListRefusal.PrefixOutOfRange)]
    [InlineData("::ffff:1.2.3.4/200", IpAllowListRefusal.PrefixOutOfRange)]
    [InlineData("10.0.0.1/8", IpAllowListRefusal.HostBitsSet)]
    [InlineData("2001:db8::1/32", IpAllowListRefusal.HostBitsSet)]
    [InlineData("::ffff:1.2.3.4/120", IpAllowListRefusal.HostBitsSet)]
    [InlineData("::ffff:0:0/95", IpAllowListRefusal.MappedRangeTooWide)]
    [InlineData("", IpAllowListRefusal.Malformed)]
    [InlineData("   ", IpAllowListRefusal.Malformed)]
    [InlineData(null, IpAllowListRefusal.Malformed)]
    [InlineData("example.co.jp", IpAllowListRefusal.Malformed)]
    [InlineData("10.0.0.256", IpAllowListRefusal.Malformed)]
    [InlineData("10.1", IpAllowListRefusal.Malformed)]
    [InlineData("010.0.0.1", IpAllowListRefusal.Malformed)]
    [InlineData("10.0.0.0/", IpAllowListRefusal.Malformed)]
    [InlineData("10.0.0.0/-1", IpAllowListRefusal.Malformed)]
    [InlineData("10.0.0.0/8/8", IpAllowListRefusal.Malformed)]
    [InlineData("10.0.0.0/ 8", IpAllowListRefusal.Malformed)]
    [InlineData("fe80::1%eth0", IpAllowListRefusal.Malformed)]
    [InlineData("2001:db8:::1", IpAllowListRefusal.Malformed)]
    public void Malformed_entries_are_refused_with_the_reason(string? input, IpAllowListRefusal error) =>
        Assert.Equal(error, Assert.Single(IpRange.ParseEntry(input).Problems).Code);

    [Theory]
    [InlineData("10.0.0.1/8", "10.0.0.0/8")]
    [InlineData("2001:db8::1/32", "2001:db8::/32")]
    [InlineData("::ffff:1.2.3.4/120", "1.2.3.0/24")]
    public void Host_bits_set_are_refused_and_the_range_they_belong_to_is_offered(string input, string suggestion)
    {
        Assert.Equal(new Problem<IpAllowListRefusal>(IpAllowListRefusal.HostBitsSet, suggestion), Assert.Single(IpRange.ParseEntry(input).Problems));
    }

    private static IpAllowList ListOf(params string[] entries) => IpAllowList.Of(entries.Select(e =>
    {
        var parsed = IpRange.ParseEntry(e);
        Assert.True(parsed.Succeeded);
        return parsed.Value.ToString();
    }));

    [Fact]
    public void An_empty_list_allows_every_address_even_an_unknown_one()
    {
        Assert.True(IpAllowList.Empty.Allows("198.51.100.20"));
        Assert.True(IpAllowList.Empty.Allows((IPAddress?)null));
        Assert.False(IpAllowList.Empty.IsRestricted);
    }

    [Fact]
    public void An_ipv4_range_allows_its_addresses_only()
    {
        var list = ListOf("203.0.113.0/24");
        Assert.True(list.Allows("203.0.113.0"));
        Assert.True(list.Allows("203.0.113.255"));
        Assert.False(list.Allows("203.0.114.1"));
        Assert.False(list.Allows("2001:db8::1"));
    }

    [Fact]
    public void A_single_address_entry_is_a_slash_32_or_slash_128()
    {
        var list = ListOf("203.0.113.7", "2001:db8::7");
        Assert.True(list.Allows("203.0.113.7"));
        Assert.False(list.Allows("203.0.113.8"));
        Assert.True(list.Allows("2001:db8::7"));
        Assert.False(list.Allows("2001:db8::8"));
    }

    [Fact]
    public void An_ipv6_range_allows_its_addresses_only()
    {
        var list = ListOf("2001:db8:1234::/48");
        Assert.True(list.Allows("2001:db8:1234:ffff::1"));
        Assert.False(list.Allows("2001:db8:1235::1"));
        Assert.False(list.Allows("203.0.113.7"));
    }

    [Fact]
    public void A_mapped_client_address_matches_ipv4_rules_and_a_mapped_rule_matches_ipv4_clients()
    {
        Assert.True(ListOf("203.0.113.0/24").Allows("::ffff:203.0.113.9"));
        Assert.False(ListOf("203.0.113.0/24").Allows("::ffff:203.0.114.9"));
        Assert.True(ListOf("::ffff:203.0.113.0/120").Allows("203.0.113.9"));
    }

    [Fact]
    public void Slash_zero_allows_its_whole_family_and_nothing_of_the_other()
    {
        Assert.True(ListOf("0.0.0.0/0").Allows("198.51.100.20"));
        Assert.False(ListOf("0.0.0.0/0").Allows("2001:db8::1"));
        Assert.True(ListOf("::/0").Allows("2001:db8::1"));
        Assert.False(ListOf("::/0").Allows("198.51.100.20"));
    }

    [Fact]
    public void A_restricting_list_refuses_an_address_it_cannot_see()
    {
        var list = ListOf("0.0.0.0/0", "::/0");
        Assert.False(list.Allows((IPAddress?)null));
        Assert.False(list.Allows("unknown"));
    }
}
