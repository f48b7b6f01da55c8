using Microsoft.Extensions.DependencyInjection;

namespace PlanCenter.Storage.Budgets;

/// <summary>Registers the spending-budget tables, their store and the alert evaluator.</summary>
public static class BudgetStorage
{
    /// <summary>Call after the rating storage; needs a <see cref="TimeProvider"/>.</summary>
    public static IServiceCollection AddBudgetStorage(this IServiceCollection services)
    {
        services.AddSingleton(BudgetSchema.Tables);
        services.AddSingleton<SpendingBudgetStore>();
        services.AddSingleton<BudgetAlertEvaluator>();
        return services;
    }
}
