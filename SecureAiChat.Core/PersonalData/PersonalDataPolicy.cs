using System.Text.Json;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// A workspace's stored personal-data policy (one row per tenant; absent means
/// <see cref="PersonalDataPolicySettings.Default"/>). Actions and terms are JSON text so the three database
/// providers store them alike and a new category needs no migration (a category missing from the JSON takes its default).
/// </summary>
public sealed class PersonalDataPolicy : ITenantVersioned
{
    public string TenantId { get; set; } = "";

    /// <summary>JSON object: category name → action name, e.g. {"MyNumber":"Mask"}.</summary>
    public string Actions { get; set; } = "{}";

    /// <summary>JSON array of {"value":…,"isPattern":…}.</summary>
    public string CustomTerms { get; set; } = "[]";

    public DateTimeOffset? UpdatedAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The policy as the scanner uses it; unknown names in the JSON (a category removed later) are ignored.</summary>
    public PersonalDataPolicySettings ToSettings()
    {
        var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(Actions, Json) ?? [];
        var actions = new Dictionary<PersonalDataCategory, PersonalDataAction>();
        foreach (var (category, action) in stored)
        {
            if (Enum.TryParse<PersonalDataCategory>(category, out var c) && Enum.TryParse<PersonalDataAction>(action, out var a))
            {
                actions[c] = a;
            }
        }

        var terms = JsonSerializer.Deserialize<List<CustomTerm>>(CustomTerms, Json) ?? [];
        return new PersonalDataPolicySettings(actions, terms);
    }

    /// <summary>Stores <paramref name="settings"/> (every category, so a later change of a default does not change a saved policy).</summary>
    public void Apply(PersonalDataPolicySettings settings)
    {
        Actions = JsonSerializer.Serialize(settings.Actions.OrderBy(a => a.Key).ToDictionary(a => a.Key.ToString(), a => a.Value.ToString()), Json);
        CustomTerms = JsonSerializer.Serialize(settings.CustomTerms, Json);
    }
}
