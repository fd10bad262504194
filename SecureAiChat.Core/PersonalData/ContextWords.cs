namespace SecureAiChat.Core.PersonalData;

/// <summary>
/// Words that, near a value, say what it is (all lower case; the normalised text is NFKC, so full-width
/// ＴＥＬ reads as tel). Kept in one place so the documentation can list them.
/// </summary>
internal static class ContextWords
{
    public static readonly string[] MyNumber = ["マイナンバー", "個人番号", "mynumber", "my number", "my-number", "通知カード", "番号確認"];

    public static readonly string[] PaymentCard =
        ["カード", "クレジット", "card", "visa", "master", "jcb", "amex", "american express", "diners", "有効期限", "決済"];

    public static readonly string[] CorporateNumber = ["法人番号", "会社法人等番号", "corporate number", "法人"];

    public static readonly string[] BankAccount =
        ["口座", "普通", "当座", "預金", "銀行", "支店", "信金", "信用金庫", "振込", "振り込み", "ゆうちょ", "account", "bank", "acct"];

    public static readonly string[] Passport = ["旅券", "パスポート", "passport"];

    public static readonly string[] DriversLicence = ["免許", "licence", "license"];

    public static readonly string[] Phone = ["電話", "tel", "携帯", "fax", "連絡先", "phone", "内線", "☎", "📞"];

    /// <summary>Words that say a number is something else: a checksum that happens to pass is then not trusted.</summary>
    public static readonly string[] OtherIdentifier =
        ["注文", "受注", "発注", "伝票", "請求書", "管理番号", "会員番号", "受付番号", "問い合わせ番号", "問合せ番号", "追跡", "order", "invoice", "tracking", "電話", "tel", "fax", "口座"];
}
