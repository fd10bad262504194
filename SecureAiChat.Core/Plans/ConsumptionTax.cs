namespace SecureAiChat.Core.Plans;

/// <summary>Japanese consumption tax as applied to our prices.</summary>
public static class ConsumptionTax
{
    /// <summary>The standard rate, 10%.</summary>
    public const decimal Rate = 0.10m;

    /// <summary>The tax on a tax-excluded amount, rounded to whole yen.</summary>
    /// <remarks>
    /// Japan leaves the rounding of fractions of a yen to the seller (切り捨て, 切り上げ or 四捨五入).
    /// We round half away from zero (四捨五入) and apply it to the tax, so that
    /// excluded + tax == included always holds on invoices. Our list prices are multiples of 100 yen,
    /// so they never have a fraction; the rule matters for pro-rated amounts.
    /// </remarks>
    public static decimal TaxOn(decimal amountExcludingTax) =>
        Math.Round(amountExcludingTax * Rate, 0, MidpointRounding.AwayFromZero);

    /// <summary>The tax-included amount for a tax-excluded amount, in whole yen.</summary>
    public static decimal IncludingTax(decimal amountExcludingTax) => amountExcludingTax + TaxOn(amountExcludingTax);
}
