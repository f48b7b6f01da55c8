using System.Text.Json;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Storage.Exports;

/// <summary>
/// Writes export records as JSON objects with the attribute names of api.md §14.3 (<c>full</c>: all of
/// them; <c>basic</c>: those marked B). Decimals are JSON numbers in invariant form without trailing zeros
/// (billing-rules §3); dates are <c>yyyy-MM-ddT00:00:00Z</c> as in the line-item API; an absent value is null.
/// </summary>
public static class ExportRecordWriter
{
    /// <summary>The usage attributes in order, with whether <c>basic</c> has them.</summary>
    public static IReadOnlyList<(string Name, bool IsBasic)> UsageAttributes { get; } =
    [
        ("PartnerId", true), ("PartnerName", true), ("CustomerId", true), ("CustomerName", true), ("CustomerDomainName", false),
        ("CustomerCountry", false), ("MpnId", false), ("Tier2MpnId", false), ("InvoiceNumber", true), ("ProductId", true), ("SkuId", true),
        ("AvailabilityId", false), ("SkuName", true), ("ProductName", false), ("PublisherName", true), ("PublisherId", false),
        ("SubscriptionDescription", false), ("SubscriptionId", true), ("ChargeStartDate", true), ("ChargeEndDate", true), ("UsageDate", true),
        ("MeterType", false), ("MeterCategory", false), ("MeterId", false), ("MeterSubCategory", false), ("MeterName", false), ("MeterRegion", false),
        ("Unit", true), ("ResourceLocation", false), ("ConsumedService", false), ("ResourceGroup", false), ("ResourceURI", true), ("ChargeType", true),
        ("UnitPrice", true), ("Quantity", true), ("UnitType", false), ("BillingPreTaxTotal", true), ("BillingCurrency", true),
        ("PricingPreTaxTotal", true), ("PricingCurrency", true), ("ServiceInfo1", false), ("ServiceInfo2", false), ("Tags", false),
        ("AdditionalInfo", false), ("EffectiveUnitPrice", true), ("PCToBCExchangeRate", true), ("PCToBCExchangeRateDate", false),
        ("EntitlementId", true), ("EntitlementDescription", false), ("PartnerEarnedCreditPercentage", false), ("CreditPercentage", true),
        ("CreditType", true), ("BenefitOrderID", true), ("BenefitID", false), ("BenefitType", true),
    ];

    /// <summary>Writes one record as a JSON object.</summary>
    public static void Write(Utf8JsonWriter json, in ExportRecord record, bool full)
    {
        if (record.Usage is { } usage)
        {
            WriteUsage(json, usage, record.InvoiceNumber, full);
        }
        else if (record.ReconciliationCells is { } cells)
        {
            WriteReconciliation(json, cells);
        }
        else
        {
            throw new ArgumentException("An export record holds a usage or a reconciliation line.", nameof(record));
        }
    }

    /// <summary>A daily-rated line with the §14.3 attributes, in their order.</summary>
    public static void WriteUsage(Utf8JsonWriter json, RatedUsageLine line, string? invoiceNumber, bool full)
    {
        var account = line.Account;
        var price = line.Period.Descriptor;
        var usage = line.Usage;
        json.WriteStartObject();
        json.WriteString("PartnerId", account.PartnerId.ToString());
        json.WriteString("PartnerName", account.PartnerName);
        json.WriteString("CustomerId", account.CustomerId.ToString());
        json.WriteString("CustomerName", account.CustomerName);
        if (full)
        {
            json.WriteString("CustomerDomainName", account.CustomerDomainName);
            json.WriteString("CustomerCountry", account.CustomerCountry);
            json.WriteString("MpnId", account.MpnId);
            json.WriteString("Tier2MpnId", account.ResellerMpnId);
        }

        json.WriteString("InvoiceNumber", invoiceNumber ?? "");
        json.WriteString("ProductId", price.ProductId);
        json.WriteString("SkuId", price.SkuId);
        if (full)
        {
            json.WriteString("AvailabilityId", price.AvailabilityId);
        }

        json.WriteString("SkuName", price.SkuTitle);
        if (full)
        {
            json.WriteString("ProductName", price.ProductTitle);
        }

        json.WriteString("PublisherName", price.Publisher);
        if (full)
        {
            json.WriteNull("PublisherId");
            json.WriteString("SubscriptionDescription", ReconText.AzurePlan);
        }

        json.WriteString("SubscriptionId", account.SubscriptionId.ToString());
        json.WriteString("ChargeStartDate", Day(line.ChargeStartDate));
        json.WriteString("ChargeEndDate", Day(line.ChargeEndDate));
        json.WriteString("UsageDate", Day(line.UsageDate));
        if (full)
        {
            json.WriteString("MeterType", price.MeterType);
            json.WriteString("MeterCategory", price.MeterCategory);
            json.WriteString("MeterId", line.MeterId.ToString());
            json.WriteString("MeterSubCategory", price.MeterSubCategory);
            json.WriteString("MeterName", price.MeterName);
            json.WriteString("MeterRegion", price.MeterRegion);
        }

        json.WriteString("Unit", price.UnitOfMeasure);
        if (full)
        {
            json.WriteString("ResourceLocation", usage.ResourceLocation);
            json.WriteString("ConsumedService", usage.ConsumedService);
            json.WriteString("ResourceGroup", line.ResourceGroup);
        }

        json.WriteString("ResourceURI", usage.ResourceUri);
        json.WriteString("ChargeType", ReconText.UsageChargeType);
        Number(json, "UnitPrice", line.UnitPrice);
        Number(json, "Quantity", line.Quantity);
        if (full)
        {
            json.WriteString("UnitType", price.UnitOfMeasure);
        }

        Number(json, "BillingPreTaxTotal", line.BillingPreTaxTotal);
        json.WriteString("BillingCurrency", account.BillingCurrency);
        Number(json, "PricingPreTaxTotal", line.PricingPreTaxTotal);
        json.WriteString("PricingCurrency", ReconText.PricingCurrency);
        if (full)
        {
            json.WriteString("ServiceInfo1", usage.ServiceInfo1);
            json.WriteString("ServiceInfo2", usage.ServiceInfo2);
            json.WriteString("Tags", usage.Tags);
            json.WriteString("AdditionalInfo", usage.AdditionalInfo);
        }

        Number(json, "EffectiveUnitPrice", line.EffectiveUnitPrice);
        Number(json, "PCToBCExchangeRate", line.PCToBCExchangeRate);
        if (full)
        {
            json.WriteString("PCToBCExchangeRateDate", Day(line.ChargeStartDate));
        }

        json.WriteString("EntitlementId", usage.EntitlementId.ToString());
        if (full)
        {
            json.WriteString("EntitlementDescription", account.EntitlementDescription);
            Number(json, "PartnerEarnedCreditPercentage", line.PartnerEarnedCreditPercentage);
        }

        Number(json, "CreditPercentage", 0m);
        json.WriteNull("CreditType");
        json.WriteNull("BenefitOrderID");
        if (full)
        {
            json.WriteNull("BenefitID");
        }

        json.WriteNull("BenefitType");
        json.WriteEndObject();
    }

    /// <summary>The invoice recon columns written as JSON numbers; the others are strings (null when empty).</summary>
    private static readonly HashSet<string> ReconNumbers =
    [
        "UnitPrice", "Quantity", "Subtotal", "TaxTotal", "Total", "EffectiveUnitPrice", "BillableQuantity", "PCToBCExchangeRate",
        "PartnerEarnedCreditPercentage",
    ];

    /// <summary>
    /// An invoice reconciliation line under the CSV headers of the invoice recon file (domain.md §7.4,
    /// <see cref="InvoiceRecon.Headers"/>), amounts as numbers; §14.3 names no basic subset for it, so
    /// <c>basic</c> writes every column too.
    /// </summary>
    public static void WriteReconciliation(Utf8JsonWriter json, ReadOnlySpan<string?> cells)
    {
        json.WriteStartObject();
        for (var i = 0; i < InvoiceRecon.Headers.Count; i++)
        {
            var name = InvoiceRecon.Headers[i];
            var cell = i < cells.Length ? cells[i] : null;
            if (string.IsNullOrEmpty(cell))
            {
                json.WriteNull(name);
            }
            else if (ReconNumbers.Contains(name))
            {
                json.WritePropertyName(name);
                json.WriteRawValue(cell, skipInputValidation: true);
            }
            else
            {
                json.WriteString(name, cell);
            }
        }

        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, decimal value)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(DecimalText.Format(value), skipInputValidation: true);
    }

    private static string Day(DateOnly day) => ReconText.Date(day) + "T00:00:00Z";
}
