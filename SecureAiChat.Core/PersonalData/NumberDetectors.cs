namespace SecureAiChat.Core.PersonalData;

/// <summary>個人番号: 12 digits whose check digit is right; context words raise confidence.</summary>
internal sealed class MyNumberDetector : IPersonalDataDetector
{
    public void Detect(DetectionContext context)
    {
        foreach (var number in context.Numbers)
        {
            if (number.Digits.Length != 12 || !Checksums.IsValidMyNumber(number.Digits))
            {
                continue;
            }

            var hasContext = context.HasContext(number.Start, number.End, ContextWords.MyNumber);
            if (!hasContext && !(number.IsContiguous || number.GroupLengths is [4, 4, 4]))
            {
                continue;
            }

            if (!hasContext && context.HasContext(number.Start, number.End, ContextWords.DriversLicence))
            {
                continue; // a licence number (also 12 digits) that happens to pass: the licence detector reports it
            }

            var confidence = hasContext ? DetectionConfidence.High
                : context.HasContext(number.Start, number.End, ContextWords.OtherIdentifier) ? DetectionConfidence.Low
                : DetectionConfidence.Medium;
            context.Add(PersonalDataCategory.MyNumber, number.Start, number.End, confidence, number.Digits);
        }
    }
}

/// <summary>Payment cards: Luhn plus a known brand's issuer range and length.</summary>
internal sealed class PaymentCardDetector : IPersonalDataDetector
{
    public void Detect(DetectionContext context)
    {
        foreach (var number in context.Numbers)
        {
            if (number.Digits.Length is < 13 or > 19 || !Checksums.PassesLuhn(number.Digits) || Checksums.CardBrandOf(number.Digits) is null)
            {
                continue;
            }

            var hasContext = context.HasContext(number.Start, number.End, ContextWords.PaymentCard);
            if (!hasContext && !IsCardGrouping(number.GroupLengths))
            {
                continue;
            }

            if (!hasContext && number.Digits.Length == 13)
            {
                continue; // 13-digit Visa numbers are retired; without card words it is a JAN code or a 法人番号
            }

            var confidence = hasContext ? DetectionConfidence.High : DetectionConfidence.Medium;
            context.Add(PersonalDataCategory.PaymentCard, number.Start, number.End, confidence, number.Digits);
        }
    }

    private static bool IsCardGrouping(IReadOnlyList<int> groups)
    {
        if (groups.Count == 1 || groups is [4, 6, 5] or [4, 6, 4])
        {
            return true;
        }

        for (var g = 0; g < groups.Count - 1; g++)
        {
            if (groups[g] != 4)
            {
                return false;
            }
        }

        return groups[^1] is >= 1 and <= 4;
    }
}

/// <summary>法人番号: 13 digits with the check digit in front. Public data, reported so it is not mistaken.</summary>
internal sealed class CorporateNumberDetector : IPersonalDataDetector
{
    public void Detect(DetectionContext context)
    {
        foreach (var number in context.Numbers)
        {
            if (number.Digits.Length != 13 || !Checksums.IsValidCorporateNumber(number.Digits))
            {
                continue;
            }

            var hasContext = context.HasContext(number.Start, number.End, ContextWords.CorporateNumber);
            if (!hasContext && !(number.IsContiguous || number.GroupLengths is [1, 4, 4, 4]))
            {
                continue;
            }

            context.Add(PersonalDataCategory.CorporateNumber, number.Start, number.End,
                hasContext ? DetectionConfidence.High : DetectionConfidence.Medium, number.Digits);
        }
    }
}

/// <summary>Bank accounts: a 7-digit number near bank, branch or account words. No context, no finding.</summary>
internal sealed class BankAccountDetector : IPersonalDataDetector
{
    private static readonly string[] StrongWords = ["口座", "普通", "当座", "account", "acct"];

    public void Detect(DetectionContext context)
    {
        foreach (var number in context.Numbers)
        {
            if (number.Digits.Length != 7 || !number.IsContiguous
                || !context.HasContext(number.Start, number.End, ContextWords.BankAccount, before: 30))
            {
                continue;
            }

            var confidence = context.HasContext(number.Start, number.End, StrongWords, before: 30) ? DetectionConfidence.High : DetectionConfidence.Medium;
            context.Add(PersonalDataCategory.BankAccount, number.Start, number.End, confidence, number.Digits);
        }
    }
}

/// <summary>Driver's licence numbers: 12 digits near 免許/licence. No context, no finding.</summary>
internal sealed class DriversLicenceDetector : IPersonalDataDetector
{
    public void Detect(DetectionContext context)
    {
        foreach (var number in context.Numbers)
        {
            if (number.Digits.Length != 12 || !context.HasContext(number.Start, number.End, ContextWords.DriversLicence, before: 30))
            {
                continue;
            }

            // A number that is called a licence but has a valid My Number check digit and My Number context
            // words is reported by the My Number detector instead.
            if (Checksums.IsValidMyNumber(number.Digits) && context.HasContext(number.Start, number.End, ContextWords.MyNumber))
            {
                continue;
            }

            context.Add(PersonalDataCategory.DriversLicence, number.Start, number.End, DetectionConfidence.High, number.Digits);
        }
    }
}
