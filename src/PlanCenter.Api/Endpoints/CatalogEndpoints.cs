using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Customers;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// The catalog: the Azure plan product, its SKU and one availability per country where it is sold
/// (api.md §6). Elsewhere the product is not found for that country (800070 at checkout).
/// </summary>
public static class CatalogEndpoints
{
    public static RouteGroupBuilder MapCatalog(this RouteGroupBuilder v1)
    {
        v1.MapGet("/products", (string? country, string? targetView, HttpContext http) =>
        {
            var market = Market(http, country);
            var view = targetView?.Trim();
            var listed = string.IsNullOrEmpty(view) || view.Equals("MicrosoftAzure", StringComparison.OrdinalIgnoreCase) || view.Equals("Azure", StringComparison.OrdinalIgnoreCase);
            return TypedResults.Ok(new Collection<ProductDto>(listed ? [WireMapping.Product(market.Country)] : [])
            {
                Links = new CollectionLinks(new Link($"/products?country={market.Country}&targetView={view}")),
            });
        });
        v1.MapGet("/products/{productId}", (string productId, string? country, HttpContext http) =>
            TypedResults.Ok(WireMapping.Product(Product(Market(http, country), productId).Country)));
        v1.MapGet("/products/{productId}/skus", (string productId, string? country, HttpContext http) =>
        {
            var market = Product(Market(http, country), productId);
            return TypedResults.Ok(new Collection<SkuDto>([WireMapping.Sku(market.Country)]) { Links = new CollectionLinks(new Link($"/products/{productId}/skus?country={market.Country}")) });
        });
        v1.MapGet("/products/{productId}/skus/{skuId}", (string productId, string skuId, string? country, HttpContext http) =>
            TypedResults.Ok(WireMapping.Sku(Sku(Market(http, country), productId, skuId).Country)));
        v1.MapGet("/products/{productId}/skus/{skuId}/availabilities", (string productId, string skuId, string? country, HttpContext http) =>
        {
            var market = Sku(Market(http, country), productId, skuId);
            return TypedResults.Ok(new Collection<AvailabilityDto>([WireMapping.Availability(market)])
            {
                Links = new CollectionLinks(new Link($"/products/{productId}/skus/{skuId}/availabilities?country={market.Country}")),
            });
        });
        v1.MapGet("/products/{productId}/skus/{skuId}/availabilities/{availabilityId}", (string productId, string skuId, string availabilityId, string? country, HttpContext http) =>
            TypedResults.Ok(WireMapping.Availability(Availability(Sku(Market(http, country), productId, skuId), availabilityId))));

        v1.MapGet("/customers/{customerId}/products", async (string customerId, HttpContext http, CustomerUseCases customers, CancellationToken ct) =>
        {
            var market = await CustomerMarketAsync(customerId, http, customers, ct);
            return TypedResults.Ok(new Collection<ProductDto>([WireMapping.Product(market.Country)]) { Links = new CollectionLinks(new Link($"/customers/{customerId}/products")) });
        });
        v1.MapGet("/customers/{customerId}/products/{productId}", async (string customerId, string productId, HttpContext http, CustomerUseCases customers, CancellationToken ct) =>
            TypedResults.Ok(WireMapping.Product(Product(await CustomerMarketAsync(customerId, http, customers, ct), productId).Country)));
        v1.MapGet("/customers/{customerId}/products/{productId}/skus", async (string customerId, string productId, HttpContext http, CustomerUseCases customers, CancellationToken ct) =>
        {
            var market = Product(await CustomerMarketAsync(customerId, http, customers, ct), productId);
            return TypedResults.Ok(new Collection<SkuDto>([WireMapping.Sku(market.Country)]));
        });
        v1.MapGet("/customers/{customerId}/products/{productId}/skus/{skuId}/availabilities", async (string customerId, string productId, string skuId, HttpContext http, CustomerUseCases customers, CancellationToken ct) =>
        {
            var market = Sku(await CustomerMarketAsync(customerId, http, customers, ct), productId, skuId);
            return TypedResults.Ok(new Collection<AvailabilityDto>([WireMapping.Availability(market)]));
        });
        return v1;
    }

    private static AzurePlanMarket Market(HttpContext http, string? country)
    {
        PermissionMatrix.Demand(http.GetCaller(), PartnerOperation.ReadCatalog);
        var code = WireInput.Required(country, "country");
        return AzurePlanMarkets.Find(code)
            ?? throw new ApiFaultException(CommerceErrors.OfferNotAvailableInCountry.WithDescription($"The Azure plan is not available in '{code}'."));
    }

    private static async Task<AzurePlanMarket> CustomerMarketAsync(string customerId, HttpContext http, CustomerUseCases customers, CancellationToken ct)
    {
        var customer = await customers.GetAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), ct);
        return AzurePlanMarkets.Find(customer.Country)
            ?? throw new ApiFaultException(CommerceErrors.OfferNotAvailableInCountry.WithDescription($"The Azure plan is not available in '{customer.Country}'."));
    }

    private static AzurePlanMarket Product(AzurePlanMarket market, string productId) =>
        string.Equals(productId, AzurePlanCatalog.ProductId, StringComparison.OrdinalIgnoreCase)
            ? market
            : throw new ApiFaultException(CommerceErrors.ProductNotFound.WithDescription($"Product '{productId}' was not found."));

    private static AzurePlanMarket Sku(AzurePlanMarket market, string productId, string skuId) =>
        string.Equals(skuId, AzurePlanCatalog.SkuId, StringComparison.OrdinalIgnoreCase)
            ? Product(market, productId)
            : throw new ApiFaultException(CommerceErrors.SkuNotFound.WithDescription($"SKU '{skuId}' was not found."));

    private static AzurePlanMarket Availability(AzurePlanMarket market, string availabilityId) =>
        string.Equals(availabilityId, market.AvailabilityId, StringComparison.OrdinalIgnoreCase)
            ? market
            : throw new ApiFaultException(CommerceErrors.AvailabilityNotFound.WithDescription($"Availability '{availabilityId}' was not found."));
}
