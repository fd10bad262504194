using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace SecureAiChat.Core.Billing;

/// <summary>
/// The issuer's details printed on invoices and quotes (<c>Billing:*</c>). Billing is off while no key is set (a
/// development machine, a private deployment): the invoice job then issues nothing. Once any key is set, all the
/// required ones must be, and the registration number must be a qualified invoice issuer number (T + 13 digits); the
/// app refuses to start otherwise, so an invoice never goes out without the items the invoice system requires.
/// </summary>
public sealed partial class BillingOptions : IValidatableObject
{
    public const string SectionName = "Billing";

    /// <summary>The Debian package fonts-ipaexfont-gothic's file (IPAex Gothic, IPA Font License).</summary>
    public const string DefaultFontPath = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf";

    /// <summary>The issuer's name as registered (e.g. 株式会社セキュアAI).</summary>
    public string? IssuerName { get; set; }

    /// <summary>The qualified invoice issuer registration number: T followed by 13 digits.</summary>
    public string? RegistrationNumber { get; set; }

    public string? Address { get; set; }

    /// <summary>Phone or mail for billing questions, printed under the address; optional.</summary>
    public string? Contact { get; set; }

    /// <summary>The account customers transfer to (bank, branch, type, number, holder), printed as given.</summary>
    public string? BankAccount { get; set; }

    /// <summary>A Japanese TrueType font (.ttf/.otf with TrueType outlines; not a .ttc collection) embedded in the PDFs.</summary>
    public string FontPath { get; set; } = DefaultFontPath;

    /// <summary>Months after the issue month whose last day is the due date (1: the end of the next month, 翌月末払い).</summary>
    [Range(0, 12)]
    public int PaymentTermMonths { get; set; } = 1;

    /// <summary>Days a quote is valid from its date.</summary>
    [Range(1, 365)]
    public int QuoteValidityDays { get; set; } = 30;

    /// <summary>When the monthly invoice job runs (cron, Asia/Tokyo); it issues the invoices of the month that ended.</summary>
    public string InvoiceCron { get; set; } = "0 6 1 * *";

    /// <summary>True when invoices can be issued (any billing key is set; validation made sure all required ones are).</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(IssuerName) || !string.IsNullOrWhiteSpace(RegistrationNumber)
        || !string.IsNullOrWhiteSpace(Address) || !string.IsNullOrWhiteSpace(BankAccount);

    public static bool IsRegistrationNumber(string? value) => value is not null && RegistrationNumberPattern().IsMatch(value);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured) yield break;
        if (string.IsNullOrWhiteSpace(IssuerName))
            yield return new("Billing:IssuerName is required once billing is configured (the issuer's registered name on invoices).", [nameof(IssuerName)]);
        if (!IsRegistrationNumber(RegistrationNumber))
            yield return new("Billing:RegistrationNumber must be the qualified invoice issuer registration number: 'T' followed by 13 digits, e.g. T1234567890123.",
                [nameof(RegistrationNumber)]);
        if (string.IsNullOrWhiteSpace(Address))
            yield return new("Billing:Address is required once billing is configured (printed under the issuer's name).", [nameof(Address)]);
        if (string.IsNullOrWhiteSpace(BankAccount))
            yield return new("Billing:BankAccount is required once billing is configured (the account invoices ask customers to transfer to).", [nameof(BankAccount)]);
        if (!File.Exists(FontPath))
            yield return new($"Billing:FontPath '{FontPath}' does not exist: install fonts-ipaexfont-gothic or point it at a Japanese .ttf file.", [nameof(FontPath)]);
    }

    [GeneratedRegex("^T[0-9]{13}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistrationNumberPattern();
}
