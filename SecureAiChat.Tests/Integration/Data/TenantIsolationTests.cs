using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Data;

/// <summary>Default-deny isolation in the data layer, over every tenant-owned entity type of the model, with two tenants, on SQLite.</summary>
public sealed class TenantIsolationTests(TestDatabase database) : TenantIsolationCases<TestDatabase>(database);

/// <summary>The same cases on PostgreSQL (a fresh database of the test cluster).</summary>
public sealed class PostgreSqlTenantIsolationTests(PostgreSqlTestDatabase database) : TenantIsolationCases<PostgreSqlTestDatabase>(database);

/// <summary>Default-deny isolation in the data layer, over every tenant-owned entity type of the model, with two tenants.</summary>
public abstract class TenantIsolationCases<TDatabase>(TDatabase database) : IClassFixture<TDatabase>
    where TDatabase : TestDatabase
{
    // The model is the same on every provider: the SQLite context lists the types without opening anything.
    public static TheoryData<string> TenantOwnedTypes()
    {
        var data = new TheoryData<string>();
        using var db = new TestDatabase().Context(null);
        foreach (var type in TenantOwnedEntityTypes(db)) data.Add(type.ClrType.Name);
        return data;
    }

    private static IEnumerable<IEntityType> TenantOwnedEntityTypes(AppDbContext db) =>
        db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && !t.IsOwned()).OrderBy(t => t.ClrType.Name);

    [Fact]
    public void Every_tenant_owned_entity_has_a_sample()
    {
        using var db = database.Context(null);
        var missing = TenantOwnedEntityTypes(db).Select(t => t.ClrType).Where(t => !TenantOwnedSamples.Builders.ContainsKey(t)).ToList();
        Assert.True(missing.Count == 0, "Add isolation samples for: " + string.Join(", ", missing.Select(t => t.Name)));
    }

    [Theory]
    [MemberData(nameof(TenantOwnedTypes))]
    public async Task A_row_of_tenant_A_is_not_found_from_tenant_B(string typeName)
    {
        var (a, b) = await TwoTenantsAsync();
        var (type, keys, _) = await CreateInAsync(a, typeName);

        await using (var dbA = database.Context(a.Id))
        {
            Assert.NotNull(await dbA.FindAsync(type, keys));
            Assert.True(Count(dbA, type) >= 1);
        }
        await using (var dbB = database.Context(b.Id))
        {
            Assert.Null(await dbB.FindAsync(type, keys));
            Assert.Equal(0, Count(dbB, type));
        }
    }

    [Theory]
    [MemberData(nameof(TenantOwnedTypes))]
    public async Task Nothing_is_visible_without_a_tenant(string typeName)
    {
        var (a, _) = await TwoTenantsAsync();
        var (type, keys, _) = await CreateInAsync(a, typeName);

        await using var none = database.Context(null);
        Assert.Null(await none.FindAsync(type, keys));
        Assert.Equal(0, Count(none, type));
    }

    [Theory]
    [MemberData(nameof(TenantOwnedTypes))]
    public async Task Tenant_B_cannot_update_or_delete_a_row_of_tenant_A(string typeName)
    {
        var (a, b) = await TwoTenantsAsync();
        var (_, _, entity) = await CreateInAsync(a, typeName);

        await using (var dbB = database.Context(b.Id))
        {
            dbB.Attach(entity).State = EntityState.Modified;
            await Assert.ThrowsAsync<TenantIsolationException>(() => dbB.SaveChangesAsync());
        }
        await using (var dbB = database.Context(b.Id))
        {
            dbB.Remove(entity);
            await Assert.ThrowsAsync<TenantIsolationException>(() => dbB.SaveChangesAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TenantOwnedTypes))]
    public async Task Rows_are_stamped_with_the_current_tenant_and_cannot_be_moved(string typeName)
    {
        var (a, b) = await TwoTenantsAsync();
        var (_, _, entity) = await CreateInAsync(a, typeName);
        Assert.Equal(a.Id, ((ITenantOwned)entity).TenantId);

        await using var dbA = database.Context(a.Id);
        dbA.Attach(entity);
        ((ITenantOwned)entity).TenantId = b.Id;
        // Where TenantId is part of the key (external logins) EF itself refuses the key change first.
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => dbA.SaveChangesAsync());
        await using var dbB = database.Context(b.Id);
        Assert.Equal(0, Count(dbB, entity.GetType()));
    }

    [Fact]
    public async Task Writing_a_row_for_another_tenant_is_refused()
    {
        var (a, b) = await TwoTenantsAsync();
        await using var dbB = database.Context(b.Id);
        dbB.Add(new Core.Identity.AppUserClaim { TenantId = a.Id, UserId = "x", ClaimType = "t" });
        await Assert.ThrowsAsync<TenantIsolationException>(() => dbB.SaveChangesAsync());
    }

    [Fact]
    public async Task Writing_without_a_tenant_is_refused()
    {
        await using var none = database.Context(null);
        none.Add(new Core.Identity.AppUserClaim { UserId = "x", ClaimType = "t" });
        await Assert.ThrowsAsync<TenantIsolationException>(() => none.SaveChangesAsync());
    }

    [Fact]
    public async Task The_same_email_may_exist_once_per_tenant_but_not_twice_in_one()
    {
        var (a, b) = await TwoTenantsAsync();
        static Core.Identity.AppUser User() => new() { UserName = "taro@example.jp", NormalizedUserName = "TARO@EXAMPLE.JP", Email = "taro@example.jp", NormalizedEmail = "TARO@EXAMPLE.JP" };
        await using (var dbA = database.Context(a.Id)) { dbA.Add(User()); await dbA.SaveChangesAsync(); }
        await using (var dbB = database.Context(b.Id)) { dbB.Add(User()); await dbB.SaveChangesAsync(); }
        await using (var dbA = database.Context(a.Id))
        {
            dbA.Add(User());
            await Assert.ThrowsAsync<DbUpdateException>(() => dbA.SaveChangesAsync());
        }
    }

    private async Task<(AppTenantInfo A, AppTenantInfo B)> TwoTenantsAsync() =>
        (await database.CreateTenantAsync("a" + Guid.NewGuid().ToString("N")[..8]), await database.CreateTenantAsync("b" + Guid.NewGuid().ToString("N")[..8]));

    private async Task<(Type Type, object?[] Keys, object Entity)> CreateInAsync(AppTenantInfo tenant, string typeName)
    {
        await using var db = database.Context(tenant.Id);
        var entityType = TenantOwnedEntityTypes(db).Single(t => t.ClrType.Name == typeName);
        var entity = await TenantOwnedSamples.Builders[entityType.ClrType](db);
        var keys = entityType.FindPrimaryKey()!.Properties.Select(p => db.Entry(entity).Property(p.Name).CurrentValue).ToArray();
        return (entityType.ClrType, keys, entity);
    }

    private static int Count(AppDbContext db, Type type)
    {
        var set = typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!.MakeGenericMethod(type).Invoke(db, null)!;
        return Queryable.Count((IQueryable<object>)set);
    }
}
