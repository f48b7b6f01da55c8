using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Reconciliation;

/// <summary>
/// The daily-rated usage reconciliation row (domain.md §7.5, billing-rules §3): 55 columns in the
/// documented order with the documented CSV headers. Cells are text; an empty cell is null.
/// </summary>
public static class DailyRatedUsageRecon
{
    /// <summary>The 55 CSV headers in order.</summary>
    public static IReadOnlyList<string> Headers { get; } =
    [
        "PartnerId", "PartnerName", "CustomerId", "CustomerName", "CustomerDomainName", "CustomerCountry", "MPNID",
        "ResellerMPNID", "InvoiceNumber", "ProductId", "SkuId", "AvailabilityId", "SkuName", "ProductName", "PublisherName",
        "PublisherId", "SubscriptionDescription", "SubscriptionId", "ChargeStartDate", "ChargeEndDate", "UsageDate",
        "MeterType", "MeterCategory", "MeterId", "MeterSubCategory", "MeterName", "MeterRegion", "Unit", "ResourceLocation",
        "ConsumedService", "ResourceGroup", "ResourceURI", "ChargeType", "UnitPrice", "Quantity", "UnitType",
        "BillingPreTaxTotal", "BillingCurrency", "PricingPreTaxTotal", "PricingCurrency", "ServiceInfo1", "ServiceInfo2",
        "Tags", "AdditionalInfo", "EffectiveUnitPrice", "PCToBCExchangeRate", "PCToBCExchangeRateDate", "EntitlementId",
        "EntitlementDescription", "PartnerEarnedCreditPercentage", "CreditPercentage", "CreditType", "BenefitOrderId",
        "BenefitId", "BenefitType",
    ];

    /// <summary>Fills <paramref name="cells"/> (length 55) with the row of <paramref name="line"/>; the invoice number is empty.</summary>
    public static void FillCells(RatedUsageLine line, Span<string?> cells, string? invoiceNumber = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells.Length, Headers.Count);
        var account = line.Account;
        var price = line.Period.Descriptor;
        var usage = line.Usage;
        cells[0] = account.PartnerId.ToString();
        cells[1] = account.PartnerName;
        cells[2] = account.CustomerId.ToString();
        cells[3] = account.CustomerName;
        cells[4] = account.CustomerDomainName;
        cells[5] = account.CustomerCountry;
        cells[6] = account.MpnId;
        cells[7] = account.ResellerMpnId;
        cells[8] = invoiceNumber;
        cells[9] = price.ProductId;
        cells[10] = price.SkuId;
        cells[11] = price.AvailabilityId;
        cells[12] = price.SkuTitle;
        cells[13] = price.ProductTitle;
        cells[14] = price.Publisher;
        cells[15] = null;
        cells[16] = ReconText.AzurePlan;
        cells[17] = account.SubscriptionId.ToString();
        cells[18] = ReconText.Date(line.ChargeStartDate);
        cells[19] = ReconText.Date(line.ChargeEndDate);
        cells[20] = ReconText.Date(line.UsageDate);
        cells[21] = price.MeterType;
        cells[22] = price.MeterCategory;
        cells[23] = line.MeterId.ToString();
        cells[24] = price.MeterSubCategory;
        cells[25] = price.MeterName;
        cells[26] = price.MeterRegion;
        cells[27] = price.UnitOfMeasure;
        cells[28] = usage.ResourceLocation;
        cells[29] = usage.ConsumedService;
        cells[30] = line.ResourceGroup;
        cells[31] = usage.ResourceUri;
        cells[32] = ReconText.UsageChargeType;
        cells[33] = DecimalText.Format(line.UnitPrice);
        cells[34] = DecimalText.Format(line.Quantity);
        cells[35] = price.UnitOfMeasure;
        cells[36] = DecimalText.Format(line.BillingPreTaxTotal);
        cells[37] = account.BillingCurrency;
        cells[38] = DecimalText.Format(line.PricingPreTaxTotal);
        cells[39] = ReconText.PricingCurrency;
        cells[40] = usage.ServiceInfo1;
        cells[41] = usage.ServiceInfo2;
        cells[42] = usage.Tags;
        cells[43] = usage.AdditionalInfo;
        cells[44] = DecimalText.Format(line.EffectiveUnitPrice);
        cells[45] = DecimalText.Format(line.PCToBCExchangeRate);
        cells[46] = ReconText.Date(line.ChargeStartDate);
        cells[47] = usage.EntitlementId.ToString();
        cells[48] = account.EntitlementDescription;
        cells[49] = DecimalText.Format(line.PartnerEarnedCreditPercentage);
        cells[50] = "0";
        cells[51] = null;
        cells[52] = null;
        cells[53] = null;
        cells[54] = null;
    }
}
