using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Tests.Unit.Tenancy;

public sealed class TenantSettingsCacheShould
{
    private sealed record Settings(int Generation);

    private sealed class Source
    {
        public int Loads { get; private set; }

        public Func<CancellationToken, Task<Settings>> Load => _ => Task.FromResult(new Settings(++Loads));
    }

    [Fact]
    public async Task Read_a_tenants_settings_once_until_they_change()
    {
        var cache = new TenantSettingsCache();
        var source = new Source();

        Assert.Equal(1, (await cache.GetAsync("a", source.Load)).Generation);
        Assert.Equal(1, (await cache.GetAsync("a", source.Load)).Generation);
        cache.Touch("a");
        Assert.Equal(2, (await cache.GetAsync("a", source.Load)).Generation);
        Assert.Equal(2, (await cache.GetAsync("a", source.Load)).Generation);
        Assert.Equal(2, source.Loads);
    }

    [Fact]
    public async Task Keep_tenants_and_kinds_apart()
    {
        var cache = new TenantSettingsCache();
        var a = new Source();
        var b = new Source();
        await cache.GetAsync("a", a.Load);
        await cache.GetAsync("b", b.Load);
        Assert.Equal("x", await cache.GetAsync("a", _ => Task.FromResult("x"))); // another kind of the same tenant

        cache.Touch("b");
        await cache.GetAsync("a", a.Load);
        await cache.GetAsync("b", b.Load);
        Assert.Equal(1, a.Loads);
        Assert.Equal(2, b.Loads);
    }

    [Fact]
    public async Task Read_everything_again_after_a_touch_of_all()
    {
        var cache = new TenantSettingsCache();
        var a = new Source();
        var b = new Source();
        await cache.GetAsync("a", a.Load);
        await cache.GetAsync("b", b.Load);

        cache.TouchAll();
        await cache.GetAsync("a", a.Load);
        await cache.GetAsync("b", b.Load);
        Assert.Equal((2, 2), (a.Loads, b.Loads));
    }

    [Fact]
    public async Task Not_keep_a_read_that_a_change_overtook()
    {
        var cache = new TenantSettingsCache();
        var loads = 0;
        // The change commits while the first read is under way: that read may have seen the old rows.
        var first = await cache.GetAsync("a", _ =>
        {
            loads++;
            cache.Touch("a");
            return Task.FromResult(new Settings(loads));
        });
        var second = await cache.GetAsync("a", _ => Task.FromResult(new Settings(++loads)));

        Assert.Equal(1, first.Generation);
        Assert.Equal(2, second.Generation);
    }
}
