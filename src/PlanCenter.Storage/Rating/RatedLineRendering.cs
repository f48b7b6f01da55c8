using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;

namespace PlanCenter.Storage.Rating;

/// <summary>
/// The wire forms of a rated line, rendered once when it is rated and stored with it, so the unbilled API
/// serves stored bytes: the API's <c>DailyRatedUsageLineItem</c> JSON and the recon CSV row (the offline
/// command's cells and quoting). Any change to the reference data re-rates, and so re-renders, every line.
/// </summary>
public static class RatedLineRendering
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static string?[]? _cells;

    /// <summary>The JSON item of a line, UTF-8.</summary>
    public static byte[] JsonItem(RatedUsageLine line)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteUsageItem(json, line);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The CSV row of a line (with its <c>\n</c>), UTF-8.</summary>
    public static byte[] CsvRow(RatedUsageLine line)
    {
        var cells = _cells ??= new string?[DailyRatedUsageRecon.Headers.Count];
        DailyRatedUsageRecon.FillCells(line, cells);
        return Row(cells);
    }

    /// <summary>One CSV row of <paramref name="cells"/> (with its <c>\n</c>), UTF-8.</summary>
    public static byte[] Row(ReadOnlySpan<string?> cells)
    {
        var text = new StringBuilder(1024);
        AppendRow(text, cells);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>One CSV row, quoted as the offline writer does: a cell with a comma, quote, CR or LF is quoted and its quotes doubled.</summary>
    public static void AppendRow(StringBuilder text, ReadOnlySpan<string?> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var cell = cells[i];
            if (string.IsNullOrEmpty(cell))
            {
                continue;
            }

            if (cell.AsSpan().IndexOfAny(",\"\r\n") < 0)
            {
                text.Append(cell);
            }
            else
            {
                text.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
        }

        text.Append('\n');
    }

    /// <summary>
    /// Where the invoice number goes in a stored wire form (rendered unbilled, with an empty invoice number):
    /// inside the empty <c>invoiceNumber</c> string of a JSON item, or at the start of the empty ninth cell
    /// (<c>InvoiceNumber</c>) of a CSV row.
    /// </summary>
    public static int InvoiceNumberSlot(ReadOnlySpan<byte> row, bool json)
    {
        if (json)
        {
            var at = row.IndexOf("\"invoiceNumber\":\""u8);
            return at < 0 ? throw new InvalidDataException("A stored line has no invoiceNumber member.") : at + "\"invoiceNumber\":\""u8.Length;
        }

        const int CellsBefore = 8;
        var commas = 0;
        var quoted = false;
        for (var i = 0; i < row.Length; i++)
        {
            if (row[i] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (row[i] == (byte)',' && !quoted && ++commas == CellsBefore)
            {
                return i + 1;
            }
        }

        throw new InvalidDataException("A stored line has fewer cells than the recon header.");
    }

    /// <summary>A day as Partner Center writes date-times.</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    /// <summary>Writes one <c>DailyRatedUsageLineItem</c> (api.md §13.5); the invoice number is empty (unbilled).</summary>
    public static void WriteUsageItem(Utf8JsonWriter json, RatedUsageLine line)
    {
        var account = line.Account;
        var price = line.Period.Descriptor;
        var usage = line.Usage;
        json.WriteStartObject();
        json.WriteString("partnerId", account.PartnerId.ToString());
        json.WriteString("partnerName", account.PartnerName);
        json.WriteString("customerId", account.CustomerId.ToString());
        json.WriteString("customerName", account.CustomerName);
        json.WriteString("customerDomainName", account.CustomerDomainName);
        json.WriteString("customerCountry", account.CustomerCountry);
        json.WriteString("invoiceNumber", "");
        json.WriteString("mpnId", account.MpnId);
        json.WriteString("resellerMpnId", account.ResellerMpnId);
        json.WriteString("productId", price.ProductId);
        json.WriteString("skuId", price.SkuId);
        json.WriteString("availabilityId", price.AvailabilityId);
        json.WriteString("skuName", price.SkuTitle);
        json.WriteString("productName", price.ProductTitle);
        json.WriteString("publisherName", price.Publisher);
        json.WriteNull("publisherId");
        json.WriteString("subscriptionId", account.SubscriptionId.ToString());
        json.WriteString("subscriptionDescription", ReconText.AzurePlan);
        json.WriteString("chargeStartDate", Day(line.ChargeStartDate));
        json.WriteString("chargeEndDate", Day(line.ChargeEndDate));
        json.WriteString("usageDate", Day(line.UsageDate));
        json.WriteString("meterType", price.MeterType);
        json.WriteString("meterCategory", price.MeterCategory);
        json.WriteString("meterId", line.MeterId.ToString());
        json.WriteString("meterSubCategory", price.MeterSubCategory);
        json.WriteString("meterName", price.MeterName);
        json.WriteString("meterRegion", price.MeterRegion);
        json.WriteString("unitOfMeasure", price.UnitOfMeasure);
        json.WriteString("resourceLocation", usage.ResourceLocation);
        json.WriteString("consumedService", usage.ConsumedService);
        json.WriteString("resourceGroup", line.ResourceGroup);
        json.WriteString("resourceUri", usage.ResourceUri);
        json.WriteString("tags", usage.Tags);
        json.WriteString("additionalInfo", usage.AdditionalInfo);
        json.WriteString("serviceInfo1", usage.ServiceInfo1);
        json.WriteString("serviceInfo2", usage.ServiceInfo2);
        json.WriteString("chargeType", ReconText.UsageChargeType);
        json.WriteNumber("unitPrice", line.UnitPrice);
        json.WriteNumber("quantity", line.Quantity);
        json.WriteString("unitType", price.UnitOfMeasure);
        json.WriteNumber("billingPreTaxTotal", line.BillingPreTaxTotal);
        json.WriteString("billingCurrency", account.BillingCurrency);
        json.WriteNumber("pricingPreTaxTotal", line.PricingPreTaxTotal);
        json.WriteString("pricingCurrency", ReconText.PricingCurrency);
        json.WriteString("entitlementId", usage.EntitlementId.ToString());
        json.WriteString("entitlementDescription", account.EntitlementDescription);
        json.WriteNumber("pcToBCExchangeRate", line.PCToBCExchangeRate);
        json.WriteString("pcToBCExchangeRateDate", Day(line.ChargeStartDate));
        json.WriteNumber("effectiveUnitPrice", line.EffectiveUnitPrice);
        json.WriteNumber("rateOfPartnerEarnedCredit", line.PartnerEarnedCreditPercentage / 100m);
        json.WriteBoolean("hasPartnerEarnedCredit", line.PartnerEarnedCreditPercentage != 0m);
        json.WriteNull("creditType");
        json.WriteNumber("rateOfCredit", 0);
        json.WriteNull("benefitOrderId");
        json.WriteNull("benefitId");
        json.WriteNull("benefitType");
        json.WriteString("invoiceLineItemType", "usage_line_items");
        json.WriteString("billingProvider", "marketplace");
        json.WriteStartObject("attributes");
        json.WriteString("objectType", "DailyRatedUsageLineItem");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Writes one <c>OneTimeInvoiceLineItem</c> (api.md §13.6) with its invoice number (empty when unbilled).</summary>
    public static void WriteInvoiceItem(Utf8JsonWriter json, InvoiceReconLine line, string invoiceNumber)
    {
        var price = line.Price;
        json.WriteStartObject();
        json.WriteString("partnerId", line.PartnerId.ToString());
        json.WriteString("customerId", line.CustomerId.ToString());
        json.WriteString("customerName", line.CustomerName);
        json.WriteString("customerDomainName", line.CustomerDomainName);
        json.WriteString("customerCountry", line.CustomerCountry);
        json.WriteString("invoiceNumber", invoiceNumber);
        json.WriteString("mpnId", line.MpnId);
        json.WriteNumber("resellerMpnId", int.TryParse(line.ResellerMpnId, NumberStyles.None, CultureInfo.InvariantCulture, out var reseller) ? reseller : 0);
        json.WriteString("orderId", "");
        json.WriteString("productId", price.ProductId);
        json.WriteString("skuId", price.SkuId);
        json.WriteString("availabilityId", price.AvailabilityId);
        json.WriteString("productName", price.ProductTitle);
        json.WriteString("skuName", price.SkuTitle);
        json.WriteStartArray("productQualifiers");
        json.WriteEndArray();
        json.WriteString("chargeType", ReconText.UsageChargeType);
        json.WriteNumber("unitPrice", line.UnitPrice);
        json.WriteNumber("effectiveUnitPrice", line.EffectiveUnitPrice);
        json.WriteString("unitType", price.UnitOfMeasure);
        json.WriteNumber("quantity", 1);
        json.WriteNumber("subtotal", line.Subtotal);
        json.WriteNumber("taxTotal", line.TaxTotal);
        json.WriteNumber("totalForCustomer", line.Total);
        json.WriteString("currency", line.Currency);
        json.WriteString("publisherName", price.Publisher);
        json.WriteString("publisherId", "");
        json.WriteString("subscriptionDescription", ReconText.AzurePlan);
        json.WriteString("subscriptionId", line.SubscriptionId.ToString());
        json.WriteNull("subscriptionStartDate");
        json.WriteNull("subscriptionEndDate");
        json.WriteString("chargeStartDate", Day(line.ChargeStartDate));
        json.WriteString("chargeEndDate", Day(line.ChargeEndDate));
        json.WriteString("termAndBillingCycle", "");
        json.WriteString("alternateId", "");
        json.WriteString("referenceId", "");
        json.WriteString("priceAdjustmentDescription", line.PriceAdjustmentDescription ?? "");
        json.WriteString("pricingCurrency", ReconText.PricingCurrency);
        json.WriteNumber("pcToBCExchangeRate", line.PCToBCExchangeRate);
        json.WriteString("pcToBCExchangeRateDate", Day(line.ChargeStartDate));
        json.WriteNumber("billableQuantity", line.BillableQuantity);
        json.WriteString("meterDescription", price.MeterName);
        json.WriteString("billingFrequency", "");
        json.WriteString("reservationOrderId", "");
        json.WriteString("creditReasonCode", "");
        json.WriteString("promotionId", "");
        json.WriteString("meterId", line.MeterId.ToString());
        json.WriteNumber("partnerEarnedCreditPercentage", line.PartnerEarnedCreditPercentage);
        json.WriteString("invoiceLineItemType", "billing_line_items");
        json.WriteString("billingProvider", "one_time");
        json.WriteStartObject("attributes");
        json.WriteString("objectType", "OneTimeInvoiceLineItem");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The JSON item of an invoice recon line with its invoice number, UTF-8.</summary>
    public static byte[] InvoiceJsonItem(InvoiceReconLine line, string invoiceNumber)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            WriteInvoiceItem(json, line, invoiceNumber);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
