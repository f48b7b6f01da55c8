using PlanCenter.Domain.Access;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Rating.Files;

/// <summary>
/// Readers of the rating side files (billing-rules §1.1, §1.2, §1.4, §1.5). Any unreadable value, missing
/// required column or broken rule throws <see cref="InputFileException"/> naming the file and line.
/// </summary>
public static class SideFileReaders
{
    private static readonly string[] PriceColumns =
        ["MeterIds", "UnitPrice", "PricingTierRangeMin", "EffectiveStartDate", "EffectiveEndDate", "Tags", "SkuTitle", "MeterType"];

    private static readonly string[] FxColumns = ["CurrencyCode", "USDPerUnit", "Month"];

    private static readonly string[] AccessColumns = ["AssignmentId", "Scope", "RoleName", "PartnerTenantId", "Kind", "StartUtc", "EndUtc"];

    private static readonly string[] AccountColumns =
        ["EntitlementId", "SubscriptionId", "CustomerId", "PartnerId", "BillingCurrency", "EntitlementStart"];

    /// <summary>Reads the Azure plan consumption price list.</summary>
    public static PriceSheet ReadPrices(string path)
    {
        using var table = CsvTable.Open(path, PriceColumns);
        int meter = table.IndexOf("MeterIds"), price = table.IndexOf("UnitPrice"), tier = table.IndexOf("PricingTierRangeMin");
        int start = table.IndexOf("EffectiveStartDate"), end = table.IndexOf("EffectiveEndDate"), tags = table.IndexOf("Tags");
        int skuTitle = table.IndexOf("SkuTitle"), meterType = table.IndexOf("MeterType");
        int productTitle = table.IndexOf("ProductTitle"), productId = table.IndexOf("ProductId"), skuId = table.IndexOf("SkuId");
        int publisher = table.IndexOf("Publisher"), unit = table.IndexOf("UnitOfMeasure"), meterName = table.IndexOf("MeterName");
        int category = table.IndexOf("MeterCategory"), subCategory = table.IndexOf("MeterSubCategory");
        int region = table.IndexOf("MeterRegion"), availability = table.IndexOf("AvailabilityId");
        var rows = new List<PriceRow>();
        while (table.MoveNext(out var line))
        {
            var (isConsumption, isThirdParty) = ParseTags(table.Get(tags));
            var lastText = table.Get(end);
            DateOnly? last = null;
            if (lastText is not null)
            {
                last = UtcText.TryParseDate(lastText, out var d) ? d : throw Bad(table, line, "EffectiveEndDate", lastText);
            }

            var tierText = table.Get(tier);
            var tierMinimum = 0m;
            if (tierText is not null && !DecimalText.TryParseNumber(tierText, out tierMinimum))
            {
                throw Bad(table, line, "PricingTierRangeMin", tierText);
            }

            rows.Add(new PriceRow
            {
                MeterId = ParseGuid<MeterId>(table, line, meter, "MeterIds"),
                UnitPrice = DecimalText.TryParseNumber(Required(table, line, price, "UnitPrice"), out var p) ? p : throw Bad(table, line, "UnitPrice", table.Get(price)),
                TierMinimum = tierMinimum,
                FirstDay = UtcText.TryParseDate(Required(table, line, start, "EffectiveStartDate"), out var first) ? first : throw Bad(table, line, "EffectiveStartDate", table.Get(start)),
                LastDay = last,
                IsConsumption = isConsumption,
                IsThirdParty = isThirdParty,
                SkuTitle = table.Get(skuTitle),
                MeterType = table.Get(meterType),
                ProductTitle = table.Get(productTitle),
                ProductId = table.Get(productId),
                SkuId = table.Get(skuId),
                Publisher = table.Get(publisher),
                UnitOfMeasure = table.Get(unit),
                MeterName = table.Get(meterName),
                MeterCategory = table.Get(category),
                MeterSubCategory = table.Get(subCategory),
                MeterRegion = table.Get(region),
                AvailabilityId = table.Get(availability),
                LineNumber = line,
            });
        }

        return PriceSheet.Build(rows, table.File);
    }

    /// <summary>Reads the monthly exchange rates.</summary>
    public static ExchangeRateTable ReadExchangeRates(string path)
    {
        using var table = CsvTable.Open(path, FxColumns);
        int currency = table.IndexOf("CurrencyCode"), rate = table.IndexOf("USDPerUnit"), month = table.IndexOf("Month");
        var rows = new List<(string, decimal, DateOnly, long)>();
        while (table.MoveNext(out var line))
        {
            var code = Required(table, line, currency, "CurrencyCode");
            var rateText = Required(table, line, rate, "USDPerUnit");
            var monthText = Required(table, line, month, "Month");
            rows.Add((code,
                DecimalText.TryParseNumber(rateText, out var r) ? r : throw Bad(table, line, "USDPerUnit", rateText),
                UtcText.TryParseMonth(monthText, out var m) ? m : throw Bad(table, line, "Month", monthText),
                line));
        }

        return ExchangeRateTable.Build(rows, table.File);
    }

    /// <summary>Reads role assignments over time.</summary>
    public static AccessIndex ReadAccess(string path)
    {
        using var table = CsvTable.Open(path, AccessColumns);
        int scope = table.IndexOf("Scope"), role = table.IndexOf("RoleName"), partner = table.IndexOf("PartnerTenantId");
        int kind = table.IndexOf("Kind"), start = table.IndexOf("StartUtc"), end = table.IndexOf("EndUtc");
        var intervals = new List<AccessInterval>();
        while (table.MoveNext(out var line))
        {
            var kindText = Required(table, line, kind, "Kind");
            var assignmentKind = kindText.Equals("Allow", StringComparison.OrdinalIgnoreCase) ? AssignmentKind.Allow
                : kindText.Equals("Deny", StringComparison.OrdinalIgnoreCase) ? AssignmentKind.Deny
                : throw new InputFileException(table.File, line, "Kind", $"Kind '{kindText}' is neither Allow nor Deny");
            var startText = Required(table, line, start, "StartUtc");
            var endText = table.Get(end);
            DateTimeOffset? endAt = null;
            if (endText is not null)
            {
                endAt = UtcText.TryParseInstant(endText, out var e) ? e : throw Bad(table, line, "EndUtc", endText);
            }

            intervals.Add(new AccessInterval(
                AccessScope.Normalize(Required(table, line, scope, "Scope")),
                PecEligibleRoles.IsEligible(table.Get(role)),
                OptionalGuid<PartnerTenantId>(table, line, partner, "PartnerTenantId"),
                assignmentKind,
                UtcText.TryParseInstant(startText, out var s) ? s : throw Bad(table, line, "StartUtc", startText),
                endAt));
        }

        return new AccessIndex(intervals);
    }

    /// <summary>Reads who is billed for each Azure subscription.</summary>
    public static AccountDirectory ReadAccounts(string path)
    {
        using var table = CsvTable.Open(path, AccountColumns);
        int entitlement = table.IndexOf("EntitlementId"), description = table.IndexOf("EntitlementDescription");
        int plan = table.IndexOf("SubscriptionId"), customer = table.IndexOf("CustomerId"), customerName = table.IndexOf("CustomerName");
        int domain = table.IndexOf("CustomerDomainName"), country = table.IndexOf("CustomerCountry"), partner = table.IndexOf("PartnerId");
        int partnerName = table.IndexOf("PartnerName"), mpn = table.IndexOf("MpnId"), reseller = table.IndexOf("ResellerTenantId");
        int resellerMpn = table.IndexOf("ResellerMpnId"), currency = table.IndexOf("BillingCurrency");
        int start = table.IndexOf("EntitlementStart"), end = table.IndexOf("EntitlementEnd");
        var accounts = new List<AzureEntitlementAccount>();
        while (table.MoveNext(out var line))
        {
            var startText = Required(table, line, start, "EntitlementStart");
            var endText = table.Get(end);
            DateTimeOffset? endAt = null;
            if (endText is not null)
            {
                endAt = UtcText.TryParseInstant(endText, out var e) ? e : throw Bad(table, line, "EntitlementEnd", endText);
            }

            accounts.Add(new AzureEntitlementAccount
            {
                EntitlementId = ParseGuid<AzureSubscriptionId>(table, line, entitlement, "EntitlementId"),
                EntitlementDescription = table.Get(description),
                SubscriptionId = ParseGuid<SubscriptionId>(table, line, plan, "SubscriptionId"),
                CustomerId = ParseGuid<CustomerId>(table, line, customer, "CustomerId"),
                CustomerName = table.Get(customerName),
                CustomerDomainName = table.Get(domain),
                CustomerCountry = table.Get(country),
                PartnerId = ParseGuid<PartnerTenantId>(table, line, partner, "PartnerId"),
                PartnerName = table.Get(partnerName),
                MpnId = table.Get(mpn),
                ResellerTenantId = OptionalGuid<PartnerTenantId>(table, line, reseller, "ResellerTenantId"),
                ResellerMpnId = table.Get(resellerMpn),
                BillingCurrency = Required(table, line, currency, "BillingCurrency").ToUpperInvariant(),
                EntitlementStartAt = UtcText.TryParseInstant(startText, out var s) ? s : throw Bad(table, line, "EntitlementStart", startText),
                EntitlementEndAtExcl = endAt,
                LineNumber = line,
            });
        }

        return AccountDirectory.Build(accounts, table.File);
    }

    private static (bool IsConsumption, bool IsThirdParty) ParseTags(string? tags)
    {
        var isConsumption = false;
        var isThirdParty = false;
        if (tags is null)
        {
            return (false, false);
        }

        foreach (var range in tags.AsSpan().Split(';'))
        {
            var tag = tags.AsSpan(range).Trim();
            isConsumption |= tag.Equals("Consumption", StringComparison.OrdinalIgnoreCase);
            isThirdParty |= tag.Equals("ThirdParty", StringComparison.OrdinalIgnoreCase);
        }

        return (isConsumption, isThirdParty);
    }

    private static string Required(CsvTable table, long line, int index, string column) =>
        table.Get(index) ?? throw new InputFileException(table.File, line, column, $"{column} is empty");

    private static T ParseGuid<T>(CsvTable table, long line, int index, string column) where T : struct, ITypedId<T>
    {
        var text = Required(table, line, index, column);
        return TypedId.TryParse<T>(text, out var id) ? id : throw Bad(table, line, column, text);
    }

    private static T? OptionalGuid<T>(CsvTable table, long line, int index, string column) where T : struct, ITypedId<T>
    {
        var text = table.Get(index);
        if (text is null)
        {
            return null;
        }

        return TypedId.TryParse<T>(text, out var id) ? id : throw Bad(table, line, column, text);
    }

    private static InputFileException Bad(CsvTable table, long line, string column, string? value) =>
        new(table.File, line, column, $"{column} value '{value}' is unreadable");
}
