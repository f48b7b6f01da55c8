using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Reconciliation;

/// <summary>
/// The invoice reconciliation row (domain.md §7.4, billing-rules §3): the 46 documented columns, then the
/// key columns <c>MeterId</c> and <c>PartnerEarnedCreditPercentage</c>. An empty cell is null.
/// </summary>
public static class InvoiceRecon
{
    /// <summary>The 48 CSV headers in order.</summary>
    public static IReadOnlyList<string> Headers { get; } =
    [
        "PartnerId", "CustomerId", "CustomerName", "CustomerDomainName", "CustomerCountry", "InvoiceNumber", "MPNID",
        "ResellerMPNID", "OrderId", "OrderDate", "ProductId", "SkuId", "AvailabilityId", "SkuName", "ProductName",
        "ChargeType", "UnitPrice", "Quantity", "Subtotal", "TaxTotal", "Total", "Currency", "PriceAdjustmentDescription",
        "PublisherName", "PublisherId", "SubscriptionDescription", "SubscriptionId", "ChargeStartDate", "ChargeEndDate",
        "TermAndBillingCycle", "EffectiveUnitPrice", "UnitType", "AlternateId", "BillableQuantity", "BillingFrequency",
        "PricingCurrency", "PCToBCExchangeRate", "PCToBCExchangeRateDate", "MeterDescription", "ReservationOrderId",
        "CreditReasonCode", "SubscriptionStartDate", "SubscriptionEndDate", "ReferenceId", "ProductQualifiers",
        "PromotionId", "MeterId", "PartnerEarnedCreditPercentage",
    ];

    /// <summary>Fills <paramref name="cells"/> (length 48) with the row of <paramref name="line"/>.</summary>
    public static void FillCells(InvoiceReconLine line, Span<string?> cells, string? invoiceNumber = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells.Length, Headers.Count);
        cells[..Headers.Count].Clear();
        var price = line.Price;
        cells[0] = line.PartnerId.ToString();
        cells[1] = line.CustomerId.ToString();
        cells[2] = line.CustomerName;
        cells[3] = line.CustomerDomainName;
        cells[4] = line.CustomerCountry;
        cells[5] = invoiceNumber;
        cells[6] = line.MpnId;
        cells[7] = line.ResellerMpnId;
        cells[10] = price.ProductId;
        cells[11] = price.SkuId;
        cells[12] = price.AvailabilityId;
        cells[13] = price.SkuTitle;
        cells[14] = price.ProductTitle;
        cells[15] = ReconText.UsageChargeType;
        cells[16] = DecimalText.Format(line.UnitPrice);
        cells[17] = "1";
        cells[18] = DecimalText.Format(line.Subtotal);
        cells[19] = DecimalText.Format(line.TaxTotal);
        cells[20] = DecimalText.Format(line.Total);
        cells[21] = line.Currency;
        cells[22] = line.PriceAdjustmentDescription;
        cells[23] = price.Publisher;
        cells[25] = ReconText.AzurePlan;
        cells[26] = line.SubscriptionId.ToString();
        cells[27] = ReconText.Date(line.ChargeStartDate);
        cells[28] = ReconText.Date(line.ChargeEndDate);
        cells[30] = DecimalText.Format(line.EffectiveUnitPrice);
        cells[31] = price.UnitOfMeasure;
        cells[33] = DecimalText.Format(line.BillableQuantity);
        cells[35] = ReconText.PricingCurrency;
        cells[36] = DecimalText.Format(line.PCToBCExchangeRate);
        cells[37] = ReconText.Date(line.ChargeStartDate);
        cells[38] = price.MeterName;
        cells[46] = line.MeterId.ToString();
        cells[47] = DecimalText.Format(line.PartnerEarnedCreditPercentage);
    }
}
