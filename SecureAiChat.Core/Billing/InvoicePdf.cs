namespace SecureAiChat.Core.Billing;

/// <summary>
/// An invoice as a qualified invoice (適格請求書) PDF with the six items the invoice system requires: the issuer's name
/// and registration number, the transaction dates (the billed period), the items, the tax-excluded total per tax rate
/// with the rate, the consumption tax per rate, and the customer's name; plus the due date and the bank account.
/// </summary>
public static class InvoicePdf
{
    public static byte[] Render(Invoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var items = invoice.Lines.OrderBy(l => l.Position).Select(l => new PdfItem(
            $"Secure AI Chat {l.Plan} プラン（{l.From:M/d}〜{l.To:M/d}）",
            l.Days == l.DaysInMonth ? "1か月" : $"{l.Days}日 / {l.DaysInMonth}日", l.MonthlyPriceYen, l.AmountYen, l.TaxRatePercent)).ToList();
        return BillingPdf.Render("請求書", "ご請求金額",
            [("請求書番号", invoice.DisplayNumber), ("発行日", BillingPdf.Date(invoice.IssueDate)),
             ("対象期間", $"{BillingPdf.Date(invoice.PeriodStart)}〜{BillingPdf.Date(invoice.PeriodEnd)}")],
            invoice.CustomerName,
            new PdfIssuer(invoice.IssuerName, invoice.IssuerRegistrationNumber, invoice.IssuerAddress, invoice.IssuerContact),
            items,
            [$"お支払期限: {BillingPdf.Date(invoice.DueDate)}", $"お振込先: {invoice.BankAccount}", "振込手数料はお客様のご負担でお願いいたします。",
             "日割りの金額は「月額 × 利用日数 ÷ 月の日数」の円未満切り捨て、消費税は税率ごとに円未満切り捨てです。"]);
    }
}
