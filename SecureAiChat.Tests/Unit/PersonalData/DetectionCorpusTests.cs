using System.Globalization;
using System.Text;
using SecureAiChat.Core.PersonalData;
using Xunit.Abstractions;

namespace SecureAiChat.Tests.Unit.PersonalData;

/// <summary>
/// A generated corpus (fixed seed, so every run sees the same samples) of positives in every format the
/// normaliser handles, embedded in business sentences with and without context words, and of negatives that
/// look like numbers worth hiding but are not: order numbers with wrong check digits, dates, amounts, postal
/// codes, phone numbers, JAN codes and 法人番号.
/// </summary>
public sealed class DetectionCorpusTests(ITestOutputHelper output)
{
    private static readonly PersonalDataScanner Scanner = new();

    private static readonly string[] Separators = ["-", "‐", "−", "ー", "－", "–", "—", "‑", "⁃", " ", "　", "\n", " - "];

    private static readonly string[] MyNumberWithContext =
        ["従業員のマイナンバーは{0}です。", "個人番号：{0}", "扶養家族の個人番号 {0} を記入してください。", "My Number: {0}", "{0}（マイナンバー）をお送りします", "通知カードの番号 {0}"];

    private static readonly string[] NoContext =
        ["番号は{0}です。", "{0} を控えておいてください。", "確認済み {0}", "対象: {0}、期限は来週です。", "先日の件、{0}でお願いします。", "{0}"];

    private static readonly string[] CardWithContext =
        ["クレジットカード番号 {0} 有効期限 12/27", "カード番号：{0}", "VISA {0} で決済", "決済用のカード {0} を登録", "Card no. {0}"];

    private static readonly string[] CorporateTemplates = ["法人番号 {0}", "取引先の法人番号は{0}です", "{0}（会社法人等番号）", "登録番号 T{0}"];

    private static readonly string[] PhoneTemplates = ["電話 {0}", "携帯：{0}までご連絡ください", "TEL {0}", "{0} にお電話ください", "連絡先は{0}です"];

    private sealed record Sample(string Text, PersonalDataCategory? Expected, string? Digits, string Kind);

    [Fact]
    public void Checksum_categories_reach_99_percent_recall_with_at_most_1_percent_false_positives()
    {
        var random = new Random(20261204);
        var samples = new List<Sample>();
        samples.AddRange(MyNumbers(random, 400));
        samples.AddRange(Cards(random, 300));
        samples.AddRange(CorporateNumbers(random, 100));
        samples.AddRange(Phones(random, 100));
        samples.AddRange(Negatives(random, 500));
        Assert.True(samples.Count >= 1000);

        var misses = new List<string>();
        var stats = new Dictionary<string, (int Total, int Hits)>();
        foreach (var sample in samples)
        {
            var findings = Scanner.Scan(sample.Text, Detect.EverythingMasked).Findings;
            bool ok;
            if (sample.Expected is { } expected)
            {
                ok = findings.Any(f => f.Category == expected && (sample.Digits is null || f.CanonicalValue == sample.Digits));
            }
            else
            {
                // A negative is a false positive when a personal checksum category appears in it.
                ok = !findings.Any(f => f.Category is PersonalDataCategory.MyNumber or PersonalDataCategory.PaymentCard);
            }

            var (total, hits) = stats.GetValueOrDefault(sample.Kind);
            stats[sample.Kind] = (total + 1, hits + (ok ? 1 : 0));
            if (!ok)
            {
                misses.Add($"{sample.Kind}: {sample.Text.Replace("\n", "\\n", StringComparison.Ordinal)} → {string.Join(", ", findings.Select(f => $"{f.Category}:{f.Value}"))}");
            }
        }

        output.WriteLine($"Corpus: {samples.Count} samples");
        foreach (var (kind, (total, hits)) in stats.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var rate = 100.0 * hits / total;
            output.WriteLine(kind.StartsWith("negative", StringComparison.Ordinal)
                ? $"  {kind,-28} {total,4} samples, false positives {total - hits,3} ({100 - rate:0.00}%)"
                : $"  {kind,-28} {total,4} samples, recall {rate:0.00}%");
        }

        foreach (var miss in misses.Take(30))
        {
            output.WriteLine("  miss " + miss);
        }

        Assert.True(Rate(stats, "my-number") >= 0.99, $"My Number recall {Rate(stats, "my-number"):P2}");
        Assert.True(Rate(stats, "card") >= 0.99, $"Card recall {Rate(stats, "card"):P2}");
        Assert.True(Rate(stats, "corporate-number") >= 0.99, $"法人番号 recall {Rate(stats, "corporate-number"):P2}");
        var negatives = stats.Where(s => s.Key.StartsWith("negative", StringComparison.Ordinal)).ToList();
        var falsePositives = negatives.Sum(s => s.Value.Total - s.Value.Hits);
        var negativeTotal = negatives.Sum(s => s.Value.Total);
        output.WriteLine($"Negatives: {negativeTotal}, false positives {falsePositives} ({100.0 * falsePositives / negativeTotal:0.00}%)");
        Assert.True(falsePositives <= negativeTotal / 100, $"{falsePositives} false positives in {negativeTotal} negatives");
    }

    private static double Rate(Dictionary<string, (int Total, int Hits)> stats, string prefix)
    {
        var matching = stats.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return (double)matching.Sum(s => s.Value.Hits) / matching.Sum(s => s.Value.Total);
    }

    private static IEnumerable<Sample> MyNumbers(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var digits = Detect.MyNumber(RandomDigits(random, 11, firstNonZero: false));
            var withContext = i % 2 == 0;
            var written = Format(random, digits, [4, 4, 4]);
            var template = Pick(random, withContext ? MyNumberWithContext : NoContext);
            yield return new Sample(string.Format(CultureInfo.InvariantCulture, template, written), PersonalDataCategory.MyNumber, digits,
                withContext ? "my-number with context" : "my-number without context");
        }
    }

    private static IEnumerable<Sample> Cards(Random random, int count)
    {
        (string Prefix, int Length, int[] Groups)[] brands =
        [
            ("4", 16, [4, 4, 4, 4]), ("51", 16, [4, 4, 4, 4]), ("55", 16, [4, 4, 4, 4]), ("2221", 16, [4, 4, 4, 4]), ("2720", 16, [4, 4, 4, 4]),
            ("3528", 16, [4, 4, 4, 4]), ("3589", 16, [4, 4, 4, 4]), ("34", 15, [4, 6, 5]), ("37", 15, [4, 6, 5]),
            ("36", 14, [4, 6, 4]), ("300", 14, [4, 6, 4]), ("3095", 14, [4, 6, 4]), ("4", 19, [4, 4, 4, 4, 3]),
        ];
        for (var i = 0; i < count; i++)
        {
            var (prefix, length, groups) = brands[i % brands.Length];
            var payload = prefix + RandomDigits(random, length - prefix.Length - 1, firstNonZero: false);
            var digits = payload + Checksums.LuhnCheckDigit(payload);
            var withContext = i % 2 == 1;
            var template = Pick(random, withContext ? CardWithContext : NoContext);
            yield return new Sample(string.Format(CultureInfo.InvariantCulture, template, Format(random, digits, groups)), PersonalDataCategory.PaymentCard, digits,
                withContext ? "card with context" : "card without context");
        }
    }

    private static IEnumerable<Sample> CorporateNumbers(Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var digits = RandomCorporateNumber(random);
            var written = random.Next(4) == 0 ? FullWidth(digits) : digits;
            yield return new Sample(string.Format(CultureInfo.InvariantCulture, Pick(random, CorporateTemplates), written),
                PersonalDataCategory.CorporateNumber, digits, "corporate-number");
        }
    }

    private static IEnumerable<Sample> Phones(Random random, int count)
    {
        string[] shapes = ["03-{4}-{4}", "06-{4}-{4}", "090-{4}-{4}", "080{4}{4}", "070 {4} {4}", "045-{3}-{4}", "0120-{3}-{3}", "+81-90-{4}-{4}", "(03){4}-{4}", "011-{3}-{4}"];
        for (var i = 0; i < count; i++)
        {
            var shape = shapes[i % shapes.Length];
            var written = shape.Replace("{4}", "§", StringComparison.Ordinal).Replace("{3}", "¶", StringComparison.Ordinal);
            var text = new StringBuilder();
            foreach (var c in written)
            {
                text.Append(c switch { '§' => "5" + RandomDigits(random, 3, false), '¶' => "2" + RandomDigits(random, 2, false), _ => c.ToString() });
            }

            var value = random.Next(3) == 0 ? FullWidth(text.ToString()) : text.ToString();
            yield return new Sample(string.Format(CultureInfo.InvariantCulture, Pick(random, PhoneTemplates), value), PersonalDataCategory.Phone, null, "phone (not asserted)");
        }
    }

    private static IEnumerable<Sample> Negatives(Random random, int count)
    {
        var generators = new (string Kind, Func<string> Make)[]
        {
            ("negative order number", () => $"注文番号 {InvalidMyNumber(random)} の件で確認です"),
            ("negative order number", () => $"{InvalidMyNumber(random)} を発送しました"),
            ("negative order number", () => $"受注番号：{Format(random, InvalidMyNumber(random), [4, 4, 4])}"),
            ("negative order number", () => $"注文番号 {Detect.MyNumber(RandomDigits(random, 11, false))}（受注システム）"),
            ("negative order number", () => $"伝票 {InvalidCard(random)} を再発行"),
            ("negative date", () => $"{random.Next(2020, 2030)}年{random.Next(1, 13)}月{random.Next(1, 29)}日に納品予定"),
            ("negative date", () => $"{random.Next(2020, 2030)}-{random.Next(1, 13):00}-{random.Next(1, 29):00} {random.Next(24):00}:{random.Next(60):00}"),
            ("negative date", () => $"更新日時 {random.Next(2020, 2030)}{random.Next(1, 13):00}{random.Next(1, 29):00}{random.Next(24):00}{random.Next(60):00}{random.Next(60):00}"),
            ("negative amount", () => $"見積金額は¥{random.NextInt64(1_000, 999_999_999_999):N0}です"),
            ("negative amount", () => $"売上 {random.NextInt64(100_000_000_000, 999_999_999_999)}円"),
            ("negative amount", () => $"予算 {FullWidth(random.NextInt64(1_000, 99_999_999).ToString(CultureInfo.InvariantCulture))}円"),
            ("negative postal code", () => $"〒{random.Next(100, 999)}-{random.Next(0, 9999):0000} 東京都港区"),
            ("negative postal code", () => $"郵便番号 {random.Next(100, 999)}{random.Next(0, 9999):0000}"),
            ("negative phone", () => $"電話 0{random.Next(1, 10)}-{random.Next(1000, 9999)}-{random.Next(1000, 9999)}"),
            ("negative phone-like", () => $"内線 {random.Next(1000, 9999)}、FAX 0{random.Next(10, 99)}-{random.Next(100, 999)}-{random.Next(1000, 9999)}"),
            ("negative phone-like", () => $"問い合わせ番号 0{RandomDigits(random, 11, false)}"),
            ("negative JAN code", () => $"JAN {Jan(random)} の在庫"),
            ("negative corporate number", () => $"法人番号 {RandomCorporateNumber(random)}"),
            ("negative corporate number", () => $"{RandomCorporateNumber(random)}（株式会社サンプル）"),
        };

        for (var i = 0; i < count; i++)
        {
            var (kind, make) = generators[i % generators.Length];
            yield return new Sample(make(), null, null, kind);
        }
    }

    private static string InvalidMyNumber(Random random)
    {
        while (true)
        {
            var digits = RandomDigits(random, 12, firstNonZero: true);
            if (!Checksums.IsValidMyNumber(digits))
            {
                return digits;
            }
        }
    }

    private static string InvalidCard(Random random)
    {
        while (true)
        {
            var digits = "4" + RandomDigits(random, 15, firstNonZero: false);
            if (!Checksums.PassesLuhn(digits))
            {
                return digits;
            }
        }
    }

    private static string Jan(Random random)
    {
        var payload = "49" + RandomDigits(random, 10, false);
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (payload[i] - '0') * (i % 2 == 0 ? 1 : 3);
        }

        return payload + ((10 - (sum % 10)) % 10);
    }

    private static string RandomCorporateNumber(Random random)
    {
        var digits = RandomDigits(random, 12, firstNonZero: false);
        return Checksums.CorporateNumberCheckDigit(digits) + digits;
    }

    /// <summary>Contiguous, grouped with a random separator, or full-width — the forms members paste.</summary>
    private static string Format(Random random, string digits, int[] groups)
    {
        var style = random.Next(4);
        var written = digits;
        if (style >= 1)
        {
            var separator = Pick(random, Separators);
            var parts = new List<string>();
            var position = 0;
            foreach (var g in groups)
            {
                parts.Add(digits.Substring(position, g));
                position += g;
            }

            written = string.Join(separator, parts);
        }

        return style == 3 || random.Next(5) == 0 ? FullWidth(written) : written;
    }

    private static string FullWidth(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiDigit(c) ? (char)('０' + (c - '0')) : c == '-' ? '－' : c);
        }

        return builder.ToString();
    }

    private static string RandomDigits(Random random, int count, bool firstNonZero)
    {
        var builder = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            builder.Append((char)('0' + (i == 0 && firstNonZero ? random.Next(1, 10) : random.Next(10))));
        }

        return builder.ToString();
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
