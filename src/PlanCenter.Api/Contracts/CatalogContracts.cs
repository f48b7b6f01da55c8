using PlanCenter.Domain.Orders;

namespace PlanCenter.Api.Contracts;

public sealed record ItemTypeDto(string Id, string DisplayName, ItemTypeDto? SubType = null);

public sealed record CurrencyInfoDto(string Code, string Symbol);

public sealed record ProductDto(string Id, string Title, string Description, ItemTypeDto ProductType, bool IsMicrosoftProduct, string PublisherName, ResourceLinksDto Links)
{
    public ResourceAttributes Attributes { get; init; } = new("Product");
}

public sealed record SkuDto(string Id, string ProductId, string Title, string Description, int MinimumQuantity, int MaximumQuantity, bool IsTrial,
    IReadOnlyList<BillingCycle> SupportedBillingCycles, IReadOnlyList<string> PurchasePrerequisites, IReadOnlyList<string> InventoryVariables,
    IReadOnlyList<string> ProvisioningVariables, IReadOnlyList<string> Actions, IReadOnlyDictionary<string, object> DynamicAttributes, ResourceLinksDto Links)
{
    public ResourceAttributes Attributes { get; init; } = new("Sku");
}

public sealed record AvailabilityDto(string Id, string ProductId, string SkuId, string CatalogItemId, CurrencyInfoDto DefaultCurrency, string Segment,
    string Country, bool IsPurchasable, bool IsRenewable, IReadOnlyList<object> Terms, ProductDto Product, SkuDto Sku, ResourceLinksDto Links)
{
    public ResourceAttributes Attributes { get; init; } = new("Availability");
}
