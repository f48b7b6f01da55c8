using System.Globalization;
using System.Text;
using System.Text.Json;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Rating;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// Writes unbilled line items straight to the response: seek pages of <c>DailyRatedUsageLineItem</c>
/// (api.md §13.5) or <c>OneTimeInvoiceLineItem</c> (§13.6) with <see cref="Utf8JsonWriter"/> (decimals as
/// JSON numbers at full precision), or the whole set as CSV with the offline command's headers and cells.
/// </summary>
internal sealed class UnbilledLineItemWriter(HttpContext http, ServerRating rating, RatingInputs inputs, RatedLineQuery query)
{
    private const int FlushEvery = 256;
    private const string SelfPath = "/invoices/unbilled/lineitems";

    public async Task UsagePageAsync(int size, RatedLineKey? after, CancellationToken ct)
    {
        var page = new List<RatedUsageLine>(Math.Min(size + 1, 2001));
        await foreach (var line in rating.ReadAsync(inputs, query, after, size + 1, ct))
        {
            page.Add(line);
        }

        string? token = null;
        if (page.Count > size)
        {
            page.RemoveAt(page.Count - 1);
            var key = RatedLineKey.Of(page[^1]);
            token = InvoicesEndpoints.EncodeToken($"{key.Entitlement}\n{key.UsageDate}\n{key.Meter}\n{key.Resource}");
        }

        await WritePageAsync(page, token, WriteUsageItem, ct);
    }

    public async Task InvoicePageAsync(int size, string? after, CancellationToken ct)
    {
        var all = await InvoiceLinesAsync(ct);
        var start = 0;
        if (after is not null)
        {
            start = all.FindIndex(l => string.CompareOrdinal(KeyOf(l), after) > 0);
            if (start < 0)
            {
                start = all.Count;
            }
        }

        var page = all.GetRange(start, Math.Min(size, all.Count - start));
        var token = start + page.Count < all.Count ? InvoicesEndpoints.EncodeToken(KeyOf(page[^1])) : null;
        await WritePageAsync(page, token, WriteInvoiceItem, ct);
    }

    public async Task UsageCsvAsync(CancellationToken ct)
    {
        StartCsv("unbilled-daily-rated-usage");
        var cells = new string?[DailyRatedUsageRecon.Headers.Count];
        var text = new StringBuilder(1 << 16);
        AppendRow(text, DailyRatedUsageRecon.Headers.ToArray());
        var rows = 0;
        await foreach (var line in rating.ReadAsync(inputs, query, null, 0, ct))
        {
            DailyRatedUsageRecon.FillCells(line, cells);
            AppendRow(text, cells);
            if (++rows % FlushEvery == 0)
            {
                await SendAsync(text, ct);
            }
        }

        await SendAsync(text, ct);
    }

    public async Task InvoiceCsvAsync(CancellationToken ct)
    {
        var lines = await InvoiceLinesAsync(ct);
        StartCsv("unbilled-invoice-recon");
        var cells = new string?[InvoiceRecon.Headers.Count];
        var text = new StringBuilder(1 << 16);
        AppendRow(text, InvoiceRecon.Headers.ToArray());
        foreach (var line in lines)
        {
            InvoiceRecon.FillCells(line, cells);
            AppendRow(text, cells);
            if (text.Length > 1 << 16)
            {
                await SendAsync(text, ct);
            }
        }

        await SendAsync(text, ct);
    }

    /// <summary>The invoice recon lines of the query (billing-rules §4), in key order.</summary>
    private async Task<List<InvoiceReconLine>> InvoiceLinesAsync(CancellationToken ct)
    {
        var daily = new List<RatedUsageLine>();
        await foreach (var line in rating.ReadAsync(inputs, query with { HasPartnerEarnedCredit = null }, null, 0, ct))
        {
            daily.Add(line);
        }

        var lines = InvoiceReconBuilder.Build(daily, rating.Options).ToList();
        if (query.HasPartnerEarnedCredit is { } pec)
        {
            lines.RemoveAll(l => (l.PartnerEarnedCreditPercentage != 0m) != pec);
        }

        return lines;
    }

    private static string KeyOf(InvoiceReconLine line) =>
        $"{line.CustomerId}|{line.SubscriptionId}|{line.MeterId}|{DecimalText.Format(line.PartnerEarnedCreditPercentage)}";

    private void StartCsv(string name)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-{ServerRating.Period(query.Month)}.csv\"";
    }

    private async Task SendAsync(StringBuilder text, CancellationToken ct)
    {
        if (text.Length == 0)
        {
            return;
        }

        var pipe = http.Response.BodyWriter;
        foreach (var chunk in text.GetChunks())
        {
            var span = pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(chunk.Length));
            pipe.Advance(Encoding.UTF8.GetBytes(chunk.Span, span));
        }

        text.Clear();
        await pipe.FlushAsync(ct);
    }

    /// <summary>One CSV row, quoted as the offline writer does: a cell with a comma, quote, CR or LF is quoted and its quotes doubled.</summary>
    private static void AppendRow(StringBuilder text, ReadOnlySpan<string?> cells)
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

    private async Task WritePageAsync<T>(List<T> page, string? token, Action<Utf8JsonWriter, T> writeItem, CancellationToken ct)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var pipe = http.Response.BodyWriter;
        await using var json = new Utf8JsonWriter(pipe, new JsonWriterOptions { SkipValidation = true });
        json.WriteStartObject();
        json.WriteNumber("totalCount", page.Count);
        json.WriteStartArray("items");
        for (var i = 0; i < page.Count; i++)
        {
            writeItem(json, page[i]);
            if ((i + 1) % FlushEvery == 0)
            {
                await json.FlushAsync(ct);
            }
        }

        json.WriteEndArray();
        if (token is not null)
        {
            json.WriteString("continuationToken", token);
        }

        var self = SelfPath + http.Request.QueryString.Value;
        json.WriteStartObject("links");
        WriteLink(json, "self", self, null);
        if (token is not null)
        {
            var next = SelfPath + "?" + string.Join('&', http.Request.Query
                .Where(q => !string.Equals(q.Key, "seekOperation", StringComparison.OrdinalIgnoreCase))
                .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString()))) + "&seekOperation=Next";
            WriteLink(json, "next", next, token);
        }

        json.WriteEndObject();
        json.WriteStartObject("attributes");
        json.WriteString("objectType", "Collection");
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    private static void WriteLink(Utf8JsonWriter json, string name, string uri, string? token)
    {
        json.WriteStartObject(name);
        json.WriteString("uri", uri);
        json.WriteString("method", "GET");
        json.WriteStartArray("headers");
        if (token is not null)
        {
            json.WriteStartObject();
            json.WriteString("key", "MS-ContinuationToken");
            json.WriteString("value", token);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    private static void WriteUsageItem(Utf8JsonWriter json, RatedUsageLine line)
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

    private static void WriteInvoiceItem(Utf8JsonWriter json, InvoiceReconLine line)
    {
        var price = line.Price;
        json.WriteStartObject();
        json.WriteString("partnerId", line.PartnerId.ToString());
        json.WriteString("customerId", line.CustomerId.ToString());
        json.WriteString("customerName", line.CustomerName);
        json.WriteString("customerDomainName", line.CustomerDomainName);
        json.WriteString("customerCountry", line.CustomerCountry);
        json.WriteString("invoiceNumber", "");
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
}
