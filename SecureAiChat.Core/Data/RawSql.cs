using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace SecureAiChat.Core.Data;

/// <summary>
/// A statement assembled from pieces for the few hot writes EF cannot express in one round trip: each value becomes a
/// numbered placeholder (<c>{0}</c>, <c>{1}</c>…) that EF binds as a parameter with the model's type mappings (the same
/// Guid and date formats as its own saves). Quote names (<c>"Table"</c>): SQLite, PostgreSQL and SQL Server
/// (QUOTED_IDENTIFIER) all accept them.
/// </summary>
internal sealed class RawSql
{
    private readonly StringBuilder _sql = new();
    private readonly List<object> _parameters = [];

    /// <summary>Adds <paramref name="value"/> as a parameter and returns its placeholder.</summary>
    public string P(object value)
    {
        _parameters.Add(value);
        return "{" + (_parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
    }

    public RawSql Append(string text)
    {
        _sql.Append(text);
        return this;
    }

    public RawSql Append(char text)
    {
        _sql.Append(text);
        return this;
    }

    public Task<int> ExecuteAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(_sql.ToString(), _parameters, cancellationToken);
}
