using System.Globalization;

namespace PlanCenter.Domain.Billing.Reconciliation;

/// <summary>Fixed texts and formats of the reconciliation files (billing-rules §3).</summary>
public static class ReconText
{
    /// <summary><c>SubscriptionDescription</c> of Azure plan consumption.</summary>
    public const string AzurePlan = "Azure plan";

    /// <summary><c>ChargeType</c> of consumption lines.</summary>
    public const string UsageChargeType = "Usage";

    /// <summary>The pricing currency of Azure plan consumption.</summary>
    public const string PricingCurrency = "USD";

    /// <summary>A date as <c>yyyy-MM-dd</c>.</summary>
    public static string Date(DateOnly date) => string.Create(10, date, static (text, day) =>
    {
        Digits(text[..4], day.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), day.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), day.Day);
    });

    private static void Digits(Span<char> text, int value)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            text[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>
    /// The invoice recon <c>PriceAdjustmentDescription</c> of a PEC group, e.g.
    /// <c>["15.0% Partner earned credit for services managed"]</c>: the percentage with at least one decimal.
    /// </summary>
    public static string PecAdjustment(decimal percentage) =>
        "[\"" + percentage.ToString("0.0###########################", CultureInfo.InvariantCulture) + "% Partner earned credit for services managed\"]";
}
