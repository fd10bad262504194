namespace SecureAiChat.Core.PersonalData;

/// <summary>The kinds of personal (and business) data the scanner recognises.</summary>
/// <remarks>The numeric values are stored in the workspace policy: never renumber, only append.</remarks>
public enum PersonalDataCategory
{
    /// <summary>個人番号: 12 digits with the check digit of 総務省令第85号 第5条.</summary>
    MyNumber = 0,

    /// <summary>Payment card numbers: Luhn plus the Visa, Mastercard, JCB, Amex and Diners ranges.</summary>
    PaymentCard = 1,

    /// <summary>Bank account numbers: 7 digits near bank, branch or account words.</summary>
    BankAccount = 2,

    /// <summary>Passport numbers: 2 letters and 7 digits near 旅券/パスポート.</summary>
    Passport = 3,

    /// <summary>Driver's licence numbers: 12 digits near 免許.</summary>
    DriversLicence = 4,

    /// <summary>Japanese landline and mobile phone numbers.</summary>
    Phone = 5,

    /// <summary>E-mail addresses.</summary>
    Email = 6,

    /// <summary>Postal codes (〒) and addresses (prefecture + city, ward, town or village).</summary>
    Address = 7,

    /// <summary>Person names: a dictionary heuristic (common names, honorifics, labels such as 氏名).</summary>
    PersonName = 8,

    /// <summary>The workspace's own words and patterns (社外秘, project code names...).</summary>
    CustomTerm = 9,

    /// <summary>法人番号: 13 digits with its check digit; public information, never masked by default.</summary>
    CorporateNumber = 10,
}

/// <summary>How sure a detector is; checksums and context words raise it.</summary>
public enum DetectionConfidence
{
    Low = 0,
    Medium = 1,
    High = 2,
}

/// <summary>
/// One detected value. <see cref="Start"/> and <see cref="Length"/> refer to the ORIGINAL text, so the
/// finding can be highlighted and masked exactly where the member wrote it.
/// </summary>
/// <param name="Category">What was found.</param>
/// <param name="Start">Start in the original text.</param>
/// <param name="Length">Length in the original text.</param>
/// <param name="Confidence">How sure the detector is.</param>
/// <param name="Value">The original text of the span.</param>
/// <param name="CanonicalValue">The value in a form where different spellings of the same value are equal
/// (digits only for numbers, NFKC otherwise), so the same value always gets the same placeholder.</param>
public sealed record PersonalDataFinding(
    PersonalDataCategory Category,
    int Start,
    int Length,
    DetectionConfidence Confidence,
    string Value,
    string CanonicalValue)
{
    public int End => Start + Length;

    public bool Overlaps(PersonalDataFinding other) => Start < other.End && other.Start < End;
}
