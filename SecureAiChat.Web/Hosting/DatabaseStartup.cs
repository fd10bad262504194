using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Web.Hosting;

public static class DatabaseStartup
{
    /// <summary>
    /// SQLite (the embedded default) migrates on start; SQL Server and PostgreSQL only through the explicit
    /// <c>migrate</c> command (a schema change of a shared server is a deliberate step, not a side effect of a start).
    /// </summary>
    public static async Task MigrateEmbeddedDatabaseAsync(this WebApplication app)
    {
        if (app.Services.GetRequiredService<DatabaseInfo>().Provider != DatabaseProvider.Sqlite) return;
        await MigrateAsync(app.Services);
    }

    public static async Task MigrateAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var postgres = db.Database.IsNpgsql();
        if (postgres)
        {
            // Two instances may run `migrate` at once. A session advisory lock on this open connection makes the
            // second wait until the first has applied every migration and created the first key, then find
            // nothing to do (EF's own migration lock did not stop two runners applying the same migration).
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock(73012040)");
        }
        try
        {
            await db.Database.MigrateAsync();
            if (db.Database.IsSqlite())
            {
                // WAL lets readers proceed while one writer commits; it is a property of the file, set once.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
            // After the schema exists (the key ring lives in it) and before any instance serves a request. The wall
            // clock, not an injected TimeProvider: Data Protection judges key activation by the wall clock.
            KeyRingHosting.EnsureActiveKey(services, DateTimeOffset.UtcNow);
            // Hangfire's schema too, under the same lock (its storage installs it when first made): three instances
            // of the local cluster starting together each installed it at once and PostgreSQL failed all but one
            // ("could not find tuple for constraint", logged until the package's retry). Now they find it in place.
            // (Hosts without job storage, such as a bare data layer, skip it.)
            if (!db.Database.IsSqlite()) _ = services.GetService<Hangfire.JobStorage>();
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock(73012040)");
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
