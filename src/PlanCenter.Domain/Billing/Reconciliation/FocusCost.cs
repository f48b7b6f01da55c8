using System.Collections.Frozen;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Reconciliation;

/// <summary>
/// A daily-rated line as a FinOps FOCUS 1.2 cost-and-usage row (docs/exports.md has the column mapping):
/// the FOCUS columns PlanCenter can fill, in the specification's alphabetical order, then Microsoft's
/// <c>x_</c> columns for partner earned credit, exchange rate and the USD amounts. Cost and unit-price
/// columns without a prefix are in the billing currency (FOCUS requires it); <c>PricingCurrency…</c> and
/// <c>x_…InUsd</c> columns are in USD, the pricing currency. Amounts are exact decimal products, unrounded,
/// like the line's own totals. Cells are text (billing-rules §3 decimals, ISO 8601 UTC instants); an empty
/// cell is null.
/// </summary>
public static class FocusCost
{
    /// <summary>The FOCUS version the columns follow.</summary>
    public const string FocusVersion = "1.2";

    /// <summary>The column headers in order.</summary>
    public static IReadOnlyList<string> Headers { get; } =
    [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency", "BillingPeriodEnd",
        "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd",
        "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId",
        "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingCurrency", "PricingCurrencyContractedUnitPrice",
        "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
        "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuMeter",
        "SkuPriceId", "SubAccountId", "SubAccountName", "SubAccountType", "Tags",
        "x_BilledCostInUsd", "x_BillingExchangeRate", "x_BillingExchangeRateDate", "x_ContractedCostInUsd", "x_CustomerId",
        "x_CustomerName", "x_EffectiveCostInUsd", "x_EffectiveUnitPrice", "x_ListCostInUsd", "x_PartnerCreditApplied",
        "x_PartnerCreditRate", "x_PricingCurrency", "x_PricingUnitDescription", "x_ResellerId", "x_ResourceGroupName",
        "x_SkuMeterCategory", "x_SkuMeterId", "x_SkuMeterSubcategory", "x_SkuOrderId", "x_SkuRegion",
    ];

    /// <summary>
    /// FOCUS <c>ServiceCategory</c> of the Azure meter categories PlanCenter knows (case-insensitive);
    /// any other category is <c>Other</c>, as the specification allows for services it does not place.
    /// </summary>
    private static readonly FrozenDictionary<string, string> ServiceCategories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Virtual Machines"] = "Compute",
        ["Virtual Machines Licenses"] = "Compute",
        ["Cloud Services"] = "Compute",
        ["Azure Kubernetes Service"] = "Compute",
        ["Container Instances"] = "Compute",
        ["Functions"] = "Compute",
        ["Batch"] = "Compute",
        ["Azure App Service"] = "Web",
        ["Storage"] = "Storage",
        ["Backup"] = "Storage",
        ["Data Lake Store"] = "Storage",
        ["Azure NetApp Files"] = "Storage",
        ["Bandwidth"] = "Networking",
        ["Virtual Network"] = "Networking",
        ["Load Balancer"] = "Networking",
        ["VPN Gateway"] = "Networking",
        ["ExpressRoute"] = "Networking",
        ["Network Watcher"] = "Networking",
        ["Application Gateway"] = "Networking",
        ["Azure DNS"] = "Networking",
        ["Virtual WAN"] = "Networking",
        ["Content Delivery Network"] = "Networking",
        ["SQL Database"] = "Databases",
        ["SQL Managed Instance"] = "Databases",
        ["Azure Cosmos DB"] = "Databases",
        ["Azure Database for PostgreSQL"] = "Databases",
        ["Azure Database for MySQL"] = "Databases",
        ["Redis Cache"] = "Databases",
        ["Azure Managed Instance for Apache Cassandra"] = "Databases",
        ["Azure Monitor"] = "Management and Governance",
        ["Log Analytics"] = "Management and Governance",
        ["Automation"] = "Management and Governance",
        ["Key Vault"] = "Security",
        ["Microsoft Defender for Cloud"] = "Security",
        ["Sentinel"] = "Security",
        ["Microsoft Entra ID"] = "Identity",
        ["Cognitive Services"] = "AI and Machine Learning",
        ["Foundry Models"] = "AI and Machine Learning",
        ["Foundry Tools"] = "AI and Machine Learning",
        ["Machine Learning"] = "AI and Machine Learning",
        ["Azure Synapse Analytics"] = "Analytics",
        ["HDInsight"] = "Analytics",
        ["Microsoft Fabric"] = "Analytics",
        ["Azure Databricks"] = "Analytics",
        ["Stream Analytics"] = "Analytics",
        ["Event Hubs"] = "Integration",
        ["Service Bus"] = "Integration",
        ["Event Grid"] = "Integration",
        ["Logic Apps"] = "Integration",
        ["API Management"] = "Integration",
        ["Notification Hubs"] = "Mobile",
        ["IoT Hub"] = "Internet of Things",
        ["Media Services"] = "Media",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The FOCUS service category of an Azure meter category (<c>Other</c> when unknown or null).</summary>
    public static string ServiceCategoryOf(string? meterCategory) =>
        meterCategory is not null && ServiceCategories.TryGetValue(meterCategory, out var category) ? category : "Other";

    /// <summary>
    /// Fills <paramref name="cells"/> (at least <see cref="Headers"/>.Count long) with the row of
    /// <paramref name="line"/>; <paramref name="invoiceId"/> is null while the line is unbilled.
    /// </summary>
    public static void FillCells(RatedUsageLine line, Span<string?> cells, string? invoiceId = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells.Length, Headers.Count);
        var account = line.Account;
        var price = line.Period.Descriptor;
        var usage = line.Usage;
        var fx = line.PCToBCExchangeRate;
        var listCostUsd = line.Quantity * line.UnitPrice;
        var listUnitPrice = line.UnitPrice * fx;
        var billed = DecimalText.Format(line.BillingPreTaxTotal);
        var listCost = DecimalText.Format(listCostUsd * fx);
        var unitPriceUsd = DecimalText.Format(line.UnitPrice);
        var pricingTotal = DecimalText.Format(line.PricingPreTaxTotal);
        var listCostInUsd = DecimalText.Format(listCostUsd);
        var quantity = DecimalText.Format(line.Quantity);
        var location = usage.ResourceLocation;

        cells[0] = billed;
        cells[1] = account.PartnerId.ToString();
        cells[2] = account.PartnerName;
        cells[3] = "Partner";
        cells[4] = account.BillingCurrency;
        cells[5] = Instant(line.ChargeStartDate.AddMonths(1));
        cells[6] = Instant(line.ChargeStartDate);
        cells[7] = "Usage";
        cells[8] = null;
        cells[9] = Description(price.ProductTitle, price.MeterName);
        cells[10] = "Usage-Based";
        cells[11] = Instant(line.UsageDate.AddDays(1));
        cells[12] = Instant(line.UsageDate);
        cells[13] = quantity;
        cells[14] = price.UnitOfMeasure;
        cells[15] = listCost;
        cells[16] = DecimalText.Format(listUnitPrice);
        cells[17] = billed;
        cells[18] = invoiceId;
        cells[19] = "Microsoft";
        cells[20] = listCost;
        cells[21] = DecimalText.Format(listUnitPrice);
        cells[22] = "Standard";
        cells[23] = ReconText.PricingCurrency;
        cells[24] = unitPriceUsd;
        cells[25] = pricingTotal;
        cells[26] = unitPriceUsd;
        cells[27] = quantity;
        cells[28] = price.UnitOfMeasure;
        cells[29] = "Microsoft";
        cells[30] = string.IsNullOrEmpty(price.Publisher) ? "Microsoft" : price.Publisher;
        cells[31] = string.IsNullOrEmpty(location) ? null : location.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        cells[32] = string.IsNullOrEmpty(location) ? null : location;
        cells[33] = usage.ResourceUri;
        cells[34] = ResourceName(usage.ResourceUri);
        cells[35] = ResourceType(usage.ResourceUri);
        cells[36] = ServiceCategoryOf(price.MeterCategory);
        cells[37] = price.MeterCategory;
        cells[38] = price.ProductId is null || price.SkuId is null ? price.ProductId : price.ProductId + "/" + price.SkuId;
        cells[39] = price.MeterName;
        cells[40] = price.ProductId is null || price.SkuId is null ? line.MeterId.ToString() : $"{price.ProductId}/{price.SkuId}/{line.MeterId}";
        cells[41] = usage.EntitlementId.ToString();
        cells[42] = account.EntitlementDescription;
        cells[43] = "Azure Subscription";
        cells[44] = string.IsNullOrWhiteSpace(usage.Tags) ? null : usage.Tags;
        cells[45] = pricingTotal;
        cells[46] = DecimalText.Format(fx);
        cells[47] = Instant(line.ChargeStartDate);
        cells[48] = listCostInUsd;
        cells[49] = account.CustomerId.ToString();
        cells[50] = account.CustomerName;
        cells[51] = pricingTotal;
        cells[52] = DecimalText.Format(line.EffectiveUnitPrice);
        cells[53] = listCostInUsd;
        cells[54] = line.PartnerEarnedCreditPercentage != 0m ? "true" : "false";
        cells[55] = DecimalText.Format(line.PartnerEarnedCreditPercentage / 100m);
        cells[56] = ReconText.PricingCurrency;
        cells[57] = price.UnitOfMeasure;
        cells[58] = account.ResellerMpnId;
        cells[59] = line.ResourceGroup;
        cells[60] = price.MeterCategory;
        cells[61] = line.MeterId.ToString();
        cells[62] = price.MeterSubCategory;
        cells[63] = account.SubscriptionId.ToString();
        cells[64] = price.MeterRegion;
    }

    /// <summary>A day's start as a FOCUS date-time (<c>yyyy-MM-ddT00:00:00Z</c>).</summary>
    public static string Instant(DateOnly day) => ReconText.Date(day) + "T00:00:00Z";

    private static string? Description(string? product, string? meter) =>
        string.IsNullOrEmpty(product) ? meter : string.IsNullOrEmpty(meter) ? product : product + " - " + meter;

    /// <summary>The last segment of an ARM resource id.</summary>
    private static string? ResourceName(string resourceUri)
    {
        var trimmed = resourceUri.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? (trimmed.Length == 0 ? null : trimmed) : trimmed[(slash + 1)..];
    }

    /// <summary>The ARM type of a resource id after its last <c>/providers/</c>: namespace and type names, e.g. <c>Microsoft.Network/networkWatchers</c>.</summary>
    private static string? ResourceType(string resourceUri)
    {
        var at = resourceUri.LastIndexOf("/providers/", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var parts = resourceUri[(at + "/providers/".Length)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            return null;
        }

        var type = parts[0];
        for (var i = 1; i < parts.Length; i += 2)
        {
            type += "/" + parts[i];
        }

        return type;
    }
}
