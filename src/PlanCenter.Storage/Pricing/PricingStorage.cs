using Microsoft.Extensions.DependencyInjection;

namespace PlanCenter.Storage.Pricing;

/// <summary>Registers the price list and FX tables and stores.</summary>
public static class PricingStorage
{
    public static IServiceCollection AddPricingStorage(this IServiceCollection services)
    {
        services.AddSingleton(PricingSchema.Tables);
        services.AddSingleton<PriceListStore>();
        services.AddSingleton<FxRateStore>();
        return services;
    }
}
