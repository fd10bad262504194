using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace SecureAiChat.Core.Billing;

/// <summary>One row of a document's item table.</summary>
public sealed record PdfItem(string Description, string Quantity, long UnitPriceYen, long AmountYen, int TaxRatePercent);

/// <summary>The issuer block printed on invoices and quotes.</summary>
public sealed record PdfIssuer(string Name, string RegistrationNumber, string Address, string? Contact);

/// <summary>
/// The A4 layout shared by invoices (適格請求書) and quotes (見積書): title, number and dates, the customer, the
/// issuer with its registration number, the items, the total per tax rate with its tax, the total, and notes.
/// Japanese documents, so Japanese text whatever the reader's UI language.
/// </summary>
public static class BillingPdf
{
    private const double Left = 50, Right = 545;

    public static byte[] Render(
        string title, string totalLabel, IReadOnlyList<(string Label, string Value)> header, string customer, PdfIssuer issuer,
        IReadOnlyList<PdfItem> items, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(notes);
        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Author = issuer.Name;
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        using var gfx = XGraphics.FromPdfPage(page);
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.TryComputeSubset);
        var titleFont = new XFont(BillingFonts.Family, 20, XFontStyleEx.Bold, options);
        var bold = new XFont(BillingFonts.Family, 11, XFontStyleEx.Bold, options);
        var text = new XFont(BillingFonts.Family, 9.5, XFontStyleEx.Regular, options);
        var large = new XFont(BillingFonts.Family, 14, XFontStyleEx.Bold, options);

        gfx.DrawString(title, titleFont, XBrushes.Black, new XRect(Left, 40, Right - Left, 30), XStringFormats.TopCenter);

        var y = 90.0;
        foreach (var (label, value) in header)
        {
            gfx.DrawString($"{label}: {value}", text, XBrushes.Black, new XRect(Left, y, Right - Left, 14), XStringFormats.TopRight);
            y += 14;
        }

        gfx.DrawString(customer + " 御中", large, XBrushes.Black, Left, 110);
        gfx.DrawLine(XPens.Black, Left, 116, Left + 260, 116);

        y = Math.Max(y, 130) + 10;
        var issuerTop = y;
        foreach (var line in new[] { issuer.Name, issuer.Address, issuer.Contact, "登録番号: " + issuer.RegistrationNumber })
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            gfx.DrawString(line, line == issuer.Name ? bold : text, XBrushes.Black, new XRect(Left, y, Right - Left, 14), XStringFormats.TopRight);
            y += 15;
        }

        var subtotal = items.Sum(i => i.AmountYen);
        var byRate = items.GroupBy(i => i.TaxRatePercent).OrderByDescending(g => g.Key)
            .Select(g => (Rate: g.Key, Amount: g.Sum(i => i.AmountYen), Tax: InvoiceCalculator.TaxRoundedDown(g.Sum(i => i.AmountYen), g.Key))).ToList();
        var total = subtotal + byRate.Sum(r => r.Tax);
        gfx.DrawString($"{totalLabel}（税込）  {Yen(total)}", large, XBrushes.Black, Left, issuerTop + 14);
        y += 16;

        // Items: description | quantity | unit price | rate | amount
        double[] columns = [Left, 300, 370, 450, 490];
        gfx.DrawRectangle(XBrushes.Gainsboro, Left, y, Right - Left, 18);
        string[] heads = ["品目", "数量", "単価（税抜）", "税率", "金額（税抜）"];
        for (var c = 0; c < heads.Length; c++) Cell(gfx, heads[c], text, columns, c, y, c == 0);
        y += 20;
        foreach (var item in items)
        {
            Cell(gfx, item.Description, text, columns, 0, y, true);
            Cell(gfx, item.Quantity, text, columns, 1, y, false);
            Cell(gfx, Yen(item.UnitPriceYen), text, columns, 2, y, false);
            Cell(gfx, item.TaxRatePercent + "%", text, columns, 3, y, false);
            Cell(gfx, Yen(item.AmountYen), text, columns, 4, y, false);
            y += 16;
            gfx.DrawLine(XPens.LightGray, Left, y - 2, Right, y - 2);
        }

        y += 8;
        foreach (var rate in byRate)
        {
            Summary(gfx, $"{rate.Rate}%対象（税抜）", Yen(rate.Amount), text, ref y);
            Summary(gfx, $"消費税（{rate.Rate}%）", Yen(rate.Tax), text, ref y);
        }
        Summary(gfx, "合計（税込）", Yen(total), bold, ref y);

        y += 16;
        foreach (var note in notes)
        {
            gfx.DrawString(note, text, XBrushes.Black, Left, y);
            y += 15;
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    public static string Yen(long amount) => "¥" + amount.ToString("N0", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static void Cell(XGraphics gfx, string value, XFont font, double[] columns, int column, double y, bool left)
    {
        var x = columns[column];
        var width = (column + 1 < columns.Length ? columns[column + 1] : Right) - x - 4;
        gfx.DrawString(value, font, XBrushes.Black, new XRect(x + 2, y + 3, width, 14), left ? XStringFormats.TopLeft : XStringFormats.TopRight);
    }

    private static void Summary(XGraphics gfx, string label, string value, XFont font, ref double y)
    {
        gfx.DrawString(label, font, XBrushes.Black, new XRect(330, y, 120, 14), XStringFormats.TopLeft);
        gfx.DrawString(value, font, XBrushes.Black, new XRect(450, y, Right - 452, 14), XStringFormats.TopRight);
        y += 16;
    }
}
