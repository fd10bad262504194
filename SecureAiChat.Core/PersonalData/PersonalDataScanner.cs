using SecureAiChat.Core.Caching;

namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// Finds personal data in a text, deterministically and without any network call. Pure and thread-safe:
/// one instance serves the whole application.
/// </summary>
public sealed class PersonalDataScanner
{
    private static readonly (PersonalDataCategory Category, IPersonalDataDetector Detector)[] BuiltIn =
    [
        (PersonalDataCategory.MyNumber, new MyNumberDetector()),
        (PersonalDataCategory.PaymentCard, new PaymentCardDetector()),
        (PersonalDataCategory.CorporateNumber, new CorporateNumberDetector()),
        (PersonalDataCategory.BankAccount, new BankAccountDetector()),
        (PersonalDataCategory.DriversLicence, new DriversLicenceDetector()),
        (PersonalDataCategory.Passport, new PassportDetector()),
        (PersonalDataCategory.Phone, new PhoneDetector()),
        (PersonalDataCategory.Email, new EmailDetector()),
        (PersonalDataCategory.Address, new AddressDetector()),
        (PersonalDataCategory.PersonName, new PersonNameDetector()),
    ];

    /// <summary>
    /// Every finding of the categories the policy does not turn off (or of all categories when
    /// <paramref name="includeOff"/>, for the settings page's "try a text" box), overlaps resolved.
    /// </summary>
    public PersonalDataScan Scan(string text, PersonalDataPolicySettings policy, bool includeOff = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(policy);
        var cached = !includeOff && text.Length >= CachedFromLength;
        if (cached && _scans.TryGet(text, out var known) && string.Equals(known.PolicyKey, policy.ScanKey, StringComparison.Ordinal))
        {
            return known.Scan;
        }

        var scan = ScanNow(text, policy, includeOff);
        if (cached && scan.TimedOutTerms.Count == 0)
        {
            // A scan whose pattern ran out of time is not remembered: the next try may finish.
            _scans.Set(text, (policy.ScanKey, scan));
        }

        return scan;
    }

    // Every answer masks the whole history again (the masking is rebuilt from the conversation, so nothing is kept
    // between requests): in a 500-message conversation that was the largest CPU cost of an answer besides the stream
    // (docs/benchmarks.md, figure 5c). Longer texts are remembered by content with the policy they were scanned for,
    // as TokenCounter remembers their counts; a scan depends on nothing else.
    private const int CachedFromLength = 256;
    private readonly ContentCache<(string PolicyKey, PersonalDataScan Scan)> _scans;

    /// <summary>A scanner that remembers the scans of up to 4 M characters of longer texts.</summary>
    public PersonalDataScanner()
        : this(cachedCharacters: 4_000_000)
    {
    }

    internal PersonalDataScanner(int cachedCharacters) => _scans = new(cachedCharacters);

    private static PersonalDataScan ScanNow(string text, PersonalDataPolicySettings policy, bool includeOff)
    {
        var context = new DetectionContext(NormalizedText.Create(text));
        foreach (var (category, detector) in BuiltIn)
        {
            if (includeOff || policy.ActionFor(category) != PersonalDataAction.Off)
            {
                detector.Detect(context);
            }
        }

        if (includeOff || policy.ActionFor(PersonalDataCategory.CustomTerm) != PersonalDataAction.Off)
        {
            policy.CustomTermDetector.Detect(context);
        }

        return new PersonalDataScan(text, Resolve(context.Findings, policy, text.Length), [.. context.TimedOutTerms]);
    }

    /// <summary>What the policy says about the text: what to block, warn about and mask.</summary>
    public PolicyDecision Decide(string text, PersonalDataPolicySettings policy) => PolicyDecision.For(Scan(text, policy), policy);

    /// <summary>
    /// Keeps findings of Medium confidence or more and, where findings overlap, the one with the stricter
    /// action (so an Off or Warn category can never shadow a value that must be masked or blocked), then
    /// the more confident, then the longer one.
    /// </summary>
    private static List<PersonalDataFinding> Resolve(List<PersonalDataFinding> findings, PersonalDataPolicySettings policy, int textLength)
    {
        var ranked = findings
            .Where(f => f.Confidence >= DetectionConfidence.Medium)
            .OrderByDescending(f => policy.ActionFor(f.Category))
            .ThenByDescending(f => f.Confidence)
            .ThenByDescending(f => f.Length)
            .ThenBy(f => f.Category)
            .ThenBy(f => f.Start);
        var kept = new List<PersonalDataFinding>();
        var claimed = new bool[textLength]; // linear in the text, where pairwise overlap checks were quadratic in findings
        foreach (var finding in ranked)
        {
            if (Array.IndexOf(claimed, true, finding.Start, finding.Length) < 0)
            {
                kept.Add(finding);
                Array.Fill(claimed, true, finding.Start, finding.Length);
            }
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }
}

/// <summary>The findings in one text, in order of position, without overlaps.</summary>
/// <param name="Text">The scanned (original) text.</param>
/// <param name="Findings">Findings; spans refer to <paramref name="Text"/>.</param>
/// <param name="TimedOutTerms">Custom patterns that could not finish on this text.</param>
public sealed record PersonalDataScan(string Text, IReadOnlyList<PersonalDataFinding> Findings, IReadOnlyList<CustomTerm> TimedOutTerms);

/// <summary>What to do with a message before it is sent.</summary>
public enum PolicyOutcome
{
    /// <summary>Nothing to do: send the text as it is.</summary>
    Send = 0,

    /// <summary>Send with the masked values replaced by placeholders.</summary>
    SendMasked = 1,

    /// <summary>Ask the member first (mask and send, send as is, or edit).</summary>
    Confirm = 2,

    /// <summary>Do not send.</summary>
    Block = 3,
}

/// <summary>
/// The policy applied to one scan: each finding with its action. Pure data, so the chat, the "try a text"
/// box and the tests all see the same decision.
/// </summary>
public sealed class PolicyDecision
{
    private PolicyDecision(PersonalDataScan scan, IReadOnlyList<(PersonalDataFinding Finding, PersonalDataAction Action)> actioned, PersonalDataAction timedOutAction)
    {
        Scan = scan;
        Blocked = [.. actioned.Where(a => a.Action == PersonalDataAction.Block).Select(a => a.Finding)];
        Warned = [.. actioned.Where(a => a.Action == PersonalDataAction.Warn).Select(a => a.Finding)];
        Masked = [.. actioned.Where(a => a.Action == PersonalDataAction.Mask).Select(a => a.Finding)];
        TimedOutTerms = timedOutAction == PersonalDataAction.Off ? [] : scan.TimedOutTerms;

        // A pattern that timed out may have matched: blocking or masking terms fail closed (block, since an
        // unknown span cannot be masked); warning terms ask the member.
        var timedOutBlocks = TimedOutTerms.Count > 0 && timedOutAction is PersonalDataAction.Block or PersonalDataAction.Mask;
        Outcome = Blocked.Count > 0 || timedOutBlocks ? PolicyOutcome.Block
            : Warned.Count > 0 || TimedOutTerms.Count > 0 ? PolicyOutcome.Confirm
            : Masked.Count > 0 ? PolicyOutcome.SendMasked
            : PolicyOutcome.Send;
    }

    public PersonalDataScan Scan { get; }

    public PolicyOutcome Outcome { get; }

    /// <summary>Findings whose category blocks sending.</summary>
    public IReadOnlyList<PersonalDataFinding> Blocked { get; }

    /// <summary>Findings the member is asked about.</summary>
    public IReadOnlyList<PersonalDataFinding> Warned { get; }

    /// <summary>Findings that are always masked.</summary>
    public IReadOnlyList<PersonalDataFinding> Masked { get; }

    /// <summary>Custom patterns that could not be checked within their time limit.</summary>
    public IReadOnlyList<CustomTerm> TimedOutTerms { get; }

    /// <summary>The values to replace by placeholders: the masked ones, plus the warned ones when the member chose "mask and send".</summary>
    public IReadOnlyList<PersonalDataFinding> ToMask(bool maskWarnings) =>
        maskWarnings ? [.. Masked.Concat(Warned).OrderBy(f => f.Start)] : Masked;

    /// <summary>Findings per category, for the warning and block messages and the audit log (never the values).</summary>
    public IReadOnlyDictionary<PersonalDataCategory, int> CountsByCategory() =>
        Scan.Findings.Where(f => Blocked.Contains(f) || Warned.Contains(f) || Masked.Contains(f))
            .GroupBy(f => f.Category).ToDictionary(g => g.Key, g => g.Count());

    public static PolicyDecision For(PersonalDataScan scan, PersonalDataPolicySettings policy)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(policy);
        var actioned = scan.Findings
            .Select(f => (Finding: f, Action: policy.ActionFor(f.Category)))
            .Where(a => a.Action != PersonalDataAction.Off)
            .ToList();
        return new PolicyDecision(scan, actioned, policy.ActionFor(PersonalDataCategory.CustomTerm));
    }
}
