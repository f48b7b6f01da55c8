namespace PlanCenter.Domain.Catalog;

/// <summary>The catalog identity of the Azure plan (domain.md §3.1).</summary>
public static class AzurePlanCatalog
{
    public const string ProductId = "DZH318Z0BPS6";
    public const string SkuId = "0001";
    public const string ProductTitle = "Microsoft Azure plan";
    public const string ProductDescription = "Gain access to Azure Services.";
    public const string SkuTitle = "Microsoft Azure plan";
    public const string SkuDescription = "Microsoft Azure plan (MS-AZR-0017G)";
    public const string OfferName = "Azure plan";
    public const string PublisherName = "Microsoft Corporation";
    public const string PurchasePrerequisite = "MicrosoftCustomerAgreement";
    public const string DefaultAzureSubscriptionName = "Microsoft Azure";

    /// <summary>The catalog item id <c>{product}:{sku}:{availability}</c> a cart uses in <paramref name="market"/>.</summary>
    public static string CatalogItemId(AzurePlanMarket market) => $"{ProductId}:{SkuId}:{market.AvailabilityId}";

    /// <summary>
    /// Splits a catalog item id into its parts; false unless it has exactly three non-empty parts.
    /// Product and SKU ids compare case-insensitively.
    /// </summary>
    public static bool TryParseCatalogItemId(string? catalogItemId, out string productId, out string skuId, out string availabilityId)
    {
        productId = skuId = availabilityId = "";
        var parts = catalogItemId?.Split(':');
        if (parts is not { Length: 3 } || parts.Any(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        (productId, skuId, availabilityId) = (parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>True when <paramref name="catalogItemId"/> names the Azure plan in <paramref name="market"/>.</summary>
    public static bool IsAzurePlanIn(string catalogItemId, AzurePlanMarket market) =>
        TryParseCatalogItemId(catalogItemId, out var product, out var sku, out var availability)
        && string.Equals(product, ProductId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(sku, SkuId, StringComparison.OrdinalIgnoreCase)
        && string.Equals(availability, market.AvailabilityId, StringComparison.OrdinalIgnoreCase);
}
