using System.Collections.Frozen;

namespace SecureAiChat.Core.PersonalData;

/// <summary>What happens to a category's findings before a message leaves for the model.</summary>
/// <remarks>Stored as numbers: never renumber.</remarks>
public enum PersonalDataAction
{
    /// <summary>Not looked for (or ignored).</summary>
    Off = 0,

    /// <summary>The member sees what was found and chooses: mask and send, send as is, or edit.</summary>
    Warn = 1,

    /// <summary>Replaced by a placeholder upstream; the member sees the original again in the answer.</summary>
    Mask = 2,

    /// <summary>The message is not sent.</summary>
    Block = 3,
}

/// <summary>
/// A workspace's personal-data rules: one action per category and its custom terms. Immutable, so one
/// instance can be shared by every scan of the workspace.
/// </summary>
public sealed class PersonalDataPolicySettings
{
    private CustomTermDetector? _customTermDetector;
    private string? _scanKey;

    public PersonalDataPolicySettings(IReadOnlyDictionary<PersonalDataCategory, PersonalDataAction> actions, IReadOnlyList<CustomTerm> customTerms)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentNullException.ThrowIfNull(customTerms);
        Actions = Enum.GetValues<PersonalDataCategory>().ToFrozenDictionary(
            c => c,
            c => actions.TryGetValue(c, out var a) ? a : DefaultActions[c]);
        CustomTerms = [.. customTerms];
    }

    /// <summary>
    /// The defaults for a new workspace: My Number and cards masked; bank accounts, passports and
    /// licences warned; phone, e-mail, address and names off until an admin turns them on; custom terms
    /// blocked; 法人番号 (public) off and so never masked.
    /// </summary>
    public static readonly IReadOnlyDictionary<PersonalDataCategory, PersonalDataAction> DefaultActions =
        new Dictionary<PersonalDataCategory, PersonalDataAction>
        {
            [PersonalDataCategory.MyNumber] = PersonalDataAction.Mask,
            [PersonalDataCategory.PaymentCard] = PersonalDataAction.Mask,
            [PersonalDataCategory.BankAccount] = PersonalDataAction.Warn,
            [PersonalDataCategory.Passport] = PersonalDataAction.Warn,
            [PersonalDataCategory.DriversLicence] = PersonalDataAction.Warn,
            [PersonalDataCategory.Phone] = PersonalDataAction.Off,
            [PersonalDataCategory.Email] = PersonalDataAction.Off,
            [PersonalDataCategory.Address] = PersonalDataAction.Off,
            [PersonalDataCategory.PersonName] = PersonalDataAction.Off,
            [PersonalDataCategory.CustomTerm] = PersonalDataAction.Block,
            [PersonalDataCategory.CorporateNumber] = PersonalDataAction.Off,
        }.ToFrozenDictionary();

    public static PersonalDataPolicySettings Default { get; } = new(DefaultActions, []);

    private static readonly PersonalDataAction[] Any = [PersonalDataAction.Off, PersonalDataAction.Warn, PersonalDataAction.Mask, PersonalDataAction.Block];

    /// <summary>
    /// The actions an admin may choose for a category. A My Number may not be sent at all under the My Number Act,
    /// so neither Off nor Warn (whose "send as is" would send it); a card number is never simply ignored; a
    /// 法人番号 is public, so blocking a message for it makes no sense.
    /// </summary>
    public static IReadOnlyList<PersonalDataAction> AllowedActions(PersonalDataCategory category) => category switch
    {
        PersonalDataCategory.MyNumber => [PersonalDataAction.Mask, PersonalDataAction.Block],
        PersonalDataCategory.PaymentCard => [PersonalDataAction.Warn, PersonalDataAction.Mask, PersonalDataAction.Block],
        PersonalDataCategory.CorporateNumber => [PersonalDataAction.Off, PersonalDataAction.Warn, PersonalDataAction.Mask],
        _ => Any,
    };

    public IReadOnlyDictionary<PersonalDataCategory, PersonalDataAction> Actions { get; }

    public IReadOnlyList<CustomTerm> CustomTerms { get; }

    public PersonalDataAction ActionFor(PersonalDataCategory category) => Actions[category];

    public PersonalDataPolicySettings With(PersonalDataCategory category, PersonalDataAction action)
    {
        var actions = Actions.ToDictionary();
        actions[category] = action;
        return new PersonalDataPolicySettings(actions, CustomTerms);
    }

    public PersonalDataPolicySettings WithCustomTerms(IReadOnlyList<CustomTerm> terms) => new(Actions, terms);

    /// <summary>
    /// What a scan depends on in this policy (every category's action and the custom terms), for
    /// <see cref="PersonalDataScanner"/> to reuse a text's scan only under the same policy.
    /// </summary>
    internal string ScanKey => _scanKey ??= string.Join(',', Actions.OrderBy(a => a.Key).Select(a => (int)a.Value)) + "|"
        + string.Join('\u0001', CustomTerms.Select(t => (t.IsPattern ? "p:" : "w:") + t.Value));

    internal CustomTermDetector CustomTermDetector => _customTermDetector ??= new CustomTermDetector(CustomTerms);
}

/// <summary>What the member chose for the values of Warn categories in the message being answered.</summary>
public enum WarnedValues
{
    /// <summary>Replace them by placeholders, as Mask categories (the default when nobody asked the member).</summary>
    Mask = 0,

    /// <summary>Send them as they are: the member saw them highlighted and chose so.</summary>
    SendAsIs = 1,
}

/// <summary>What the chat input needs to ask the member before sending a text.</summary>
/// <param name="Decision">The policy applied to the text (findings by action, and the outcome).</param>
/// <param name="Policy">The workspace's policy, for the actions of the findings.</param>
/// <param name="BlockedCategories">The categories that stop the text (a timed-out pattern counts as custom terms).</param>
/// <param name="SendAsIsAllowed">Whether "send as is" may be offered: only for warned values, and not when an earlier
/// message of the conversation holds warned values (they are masked in the history sent again, so the whole request is).</param>
public sealed record PersonalDataPreview(
    PolicyDecision Decision,
    PersonalDataPolicySettings Policy,
    IReadOnlyList<PersonalDataCategory> BlockedCategories,
    bool SendAsIsAllowed);
