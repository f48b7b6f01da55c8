using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PlanCenter.Storage.Exports;

/// <summary>Registers the export tables, store, files, queue, pipeline and sources.</summary>
public static class ExportStorage
{
    /// <summary>Call after the rating storage (the billed sources read the month close's invoice store).</summary>
    public static IServiceCollection AddExportStorage(this IServiceCollection services, ExportOptions? options = null)
    {
        services.AddSingleton(ExportSchema.Tables);
        services.TryAddSingleton(options ?? new ExportOptions());
        services.TryAddSingleton(new ExportClock(TimeProvider.System));
        services.AddSingleton<ExportStore>();
        services.AddSingleton<ExportFiles>();
        services.AddSingleton<ExportQueue>();
        services.AddSingleton<ExportPipeline>();
        services.AddSingleton<IExportSource, UnbilledUsageExportSource>();
        services.AddSingleton<IExportSource, BilledUsageExportSource>();
        services.AddSingleton<IExportSource, BilledReconciliationExportSource>();
        return services;
    }
}
