using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlanCenter.Application.Usage;

namespace PlanCenter.Storage.Pricing;

/// <summary>Registers the price list and FX tables and stores, and the meter directory ingestion checks.</summary>
public static class PricingStorage
{
    public static IServiceCollection AddPricingStorage(this IServiceCollection services)
    {
        services.AddSingleton(PricingSchema.Tables);
        services.AddSingleton<PriceListStore>();
        services.AddSingleton<FxRateStore>();

        // With a price list store, ingestion judges meters against it (replacing AddUsageStorage's NoMeterDirectory,
        // which stays for hosts without prices, such as the ingestion benchmark's bare storage).
        services.Replace(ServiceDescriptor.Singleton<IMeterDirectory, PriceListMeterDirectory>());
        return services;
    }
}
