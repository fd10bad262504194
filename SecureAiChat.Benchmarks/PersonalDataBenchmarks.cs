using System.Diagnostics;
using System.Text;
using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Benchmarks;

/// <summary>
/// Figure 8 (in process, no host needed): what the personal-data check adds to a message before it leaves —
/// <see cref="PersonalDataScanner.Decide"/> plus masking, as the answer path runs them — for a 2,000- and a
/// 32,000-character Japanese business text with a number or two per sentence. The baseline is NFKC normalisation of
/// the same text, the least any text pipeline handling full-width input pays.
/// </summary>
public static class PersonalDataBenchmarks
{
    private static readonly string[] Sentences =
    [
        "お世話になっております。先日のお見積もりの件でご連絡いたしました。",
        "担当の佐藤様より、マイナンバー 1234 5678 9018 の提出が必要とのことです。",
        "注文番号 ORD-2024-001234 の納期は 2026年12月15日 を予定しております。",
        "お支払いはカード 4111-1111-1111-1111 で承りました。金額は ¥128,000 です。",
        "振込先は みずほ銀行 渋谷支店 普通 1234567 となります。",
        "ご不明な点は 03-1234-5678 または info@example.co.jp までお問い合わせください。",
        "〒150-0002 東京都渋谷区渋谷2丁目1-1 までお送りください。",
        "法人番号 1234567890123 の登録内容を確認しております。",
        "来週の打ち合わせでは、第3四半期の売上と今後の方針について議論します。",
    ];

    public static Task RunAsync(BenchSettings settings, Report report)
    {
        var scanner = new PersonalDataScanner();
        var everything = new PersonalDataPolicySettings(
            Enum.GetValues<PersonalDataCategory>().ToDictionary(c => c, c => PersonalDataAction.Mask), [new CustomTerm("社外秘"), new CustomTerm(@"PRJ-\d{4}", IsPattern: true)]);
        var repeats = settings.Quick ? 30 : 300;
        foreach (var (id, length, target) in new[] { ("8a", 2_000, 1.0), ("8b", 32_000, 5.0) })
        {
            var text = Text(length);
            var baseline = Measure(repeats, () => text.Normalize(NormalizationForm.FormKC));
            var app = Measure(repeats, () => Check(scanner, text, PersonalDataPolicySettings.Default), out var perRun, out var gen2);
            var all = Measure(repeats, () => Check(scanner, text, everything));
            var p50 = Stats.Median(app);
            report.Add(new Figure(id, $"Personal-data check + masking of a {length:N0}-character message, default policy, p50 (n = {repeats})",
                $"{Stats.F(Stats.Median(baseline), "0.00")} ms NFKC", $"{Stats.F(p50, "0.00")} ms", $"{Stats.F(p50, "0.00")} ms",
                $"IQR {Stats.Iqr(app, "0.00")} ms", $"≤ {Stats.F(target, "0")} ms", p50 <= target,
                $"default policy: {Stats.F(perRun, "0")} KB allocated per run, {gen2} full GCs during the measured runs; "
                + $"every category on (and two custom terms): {Stats.F(Stats.Median(all), "0.00")} ms p50, IQR {Stats.Iqr(all, "0.00")} ms"));
        }

        return Task.CompletedTask;
    }

    private static string Check(PersonalDataScanner scanner, string text, PersonalDataPolicySettings policy)
    {
        var decision = scanner.Decide(text, policy);
        return new MaskingSession(System.Globalization.CultureInfo.GetCultureInfo("ja-JP")).Mask(text, decision.ToMask(maskWarnings: true));
    }

    private static string Text(int length)
    {
        var text = new StringBuilder(length + 100);
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(Sentences[i % Sentences.Length]);
        }

        return text.ToString(0, length);
    }

    /// <summary>Milliseconds per run, after a warm-up long enough for tiered compilation to finish (a few hundred ms).</summary>
    private static List<double> Measure(int repeats, Func<string> run) => Measure(repeats, run, out _, out _);

    private static List<double> Measure(int repeats, Func<string> run, out double kilobytesPerRun, out int fullCollections)
    {
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 50 || warmUp.ElapsedMilliseconds < 500; i++)
        {
            run();
        }

        var samples = new List<double>(repeats);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var gen2 = GC.CollectionCount(2);
        for (var i = 0; i < repeats; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        fullCollections = GC.CollectionCount(2) - gen2;
        kilobytesPerRun = (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1024.0 / repeats;
        return samples;
    }
}
