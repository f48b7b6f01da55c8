using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlanCenter.Application.Usage;

namespace PlanCenter.Storage.Usage;

/// <summary>Registers the usage tables and the ledger.</summary>
public static class UsageStorage
{
    public static IServiceCollection AddUsageStorage(this IServiceCollection services)
    {
        services.AddSingleton(UsageSchema.Tables);
        services.TryAddSingleton<IMeterDirectory, NoMeterDirectory>();
        services.AddSingleton<IUsageLedger, SqliteUsageLedger>();
        services.AddSingleton<Application.Access.IResourceRegistry, SqliteResourceStore>();
        return services;
    }
}
