using SecureAiChat.Core.Guidelines;
using SecureAiChat.Core.Templates;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// What a new workspace starts with: the Japanese business prompt templates and a draft usage guideline.
/// Workspaces are Japanese by default, so this content is Japanese; admins edit it freely afterwards.
/// </summary>
public static class WorkspaceDefaults
{
    public const string TimeZoneId = "Asia/Tokyo";
    public const string Culture = "ja-JP";

    /// <summary>Starter templates by stable key (provisioning adds the missing ones, never duplicates).</summary>
    public static IReadOnlyList<PromptTemplate> StarterTemplates() =>
    [
        new()
        {
            Key = "minutes-summary", Category = "議事録", SortOrder = 1, Title = "議事録要約",
            Description = "会議のメモや文字起こしから、決定事項と ToDo を整理した議事録を作ります。",
            Body = "以下の会議メモを議事録として要約してください。\n\n# 出力形式\n- 会議名・日時・参加者\n- 議題ごとの要点（箇条書き）\n- 決定事項\n- ToDo（担当者・期限）\n- 次回までの課題\n\n# 会議メモ\n{{会議メモをここに貼り付け}}",
        },
        new()
        {
            Key = "email-draft", Category = "メール", SortOrder = 2, Title = "メール下書き",
            Description = "用件を伝えるだけで、社外向けの丁寧なビジネスメールを下書きします。",
            Body = "次の用件で、取引先に送るビジネスメールを作成してください。敬語は丁寧すぎず自然に、件名も提案してください。\n\n# 宛先\n{{会社名・部署・氏名}}\n\n# 用件\n{{伝えたいこと}}\n\n# トーン\n丁寧・簡潔",
        },
        new()
        {
            Key = "daily-report", Category = "日報", SortOrder = 3, Title = "日報",
            Description = "今日やったことのメモから、上長に提出できる日報にまとめます。",
            Body = "以下のメモから日報を作成してください。\n\n# 出力形式\n1. 本日の業務内容\n2. 成果・進捗\n3. 課題・気づき\n4. 明日の予定\n\n# メモ\n{{今日やったこと}}",
        },
        new()
        {
            Key = "translation", Category = "翻訳", SortOrder = 4, Title = "翻訳",
            Description = "日本語と英語を相互に翻訳します。ビジネス文書向けの自然な表現にします。",
            Body = "次の文章を{{英語／日本語}}に翻訳してください。ビジネス文書として自然な表現にし、固有名詞や数値はそのまま残してください。\n\n# 原文\n{{翻訳したい文章}}",
        },
    ];

    /// <summary>The draft usage guideline an admin reviews and publishes.</summary>
    public static UsageGuideline DraftGuideline() => new()
    {
        Title = "生成 AI 利用ガイドライン（下書き）",
        Body = """
            # 生成 AI 利用ガイドライン（下書き）

            ## 目的
            業務で生成 AI を安全かつ効果的に活用するためのルールを定めます。

            ## 入力してはいけない情報
            - 個人情報（氏名と連絡先の組み合わせ、マイナンバー、クレジットカード番号など）
            - 取引先から預かった秘密情報、未公開の財務情報
            - パスワード、API キーなどの認証情報

            ## 出力の扱い
            - AI の回答は誤りを含むことがあります。事実・数値は必ず確認してください。
            - 社外に出す文書は、担当者が内容を確認してから使用してください。

            ## 相談窓口
            不明点はワークスペース管理者に相談してください。
            """,
        IsPublished = false,
    };
}
