using Microsoft.Extensions.DependencyInjection;
using PlanCenter.Application.Abstractions;
using PlanCenter.Application.Customers;
using PlanCenter.Application.Orders;
using PlanCenter.Application.Plans;

namespace PlanCenter.Application;

/// <summary>Registers the use cases; the store and the clock come from the host.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddSingleton<KeyedLock>();
        services.AddScoped<CustomerUseCases>();
        services.AddScoped<AgreementUseCases>();
        services.AddScoped<CartUseCases>();
        services.AddScoped<PlanUseCases>();
        services.AddScoped<Access.AccessUseCases>();
        services.AddScoped<Access.AccessImport>();
        services.AddScoped<Simulation.SimulationWorld>();
        services.AddScoped<Identity.TenantAdministration>();
        return services;
    }
}
