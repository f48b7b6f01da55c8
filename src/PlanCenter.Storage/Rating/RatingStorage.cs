using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlanCenter.Application.Usage;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Storage.Usage;

namespace PlanCenter.Storage.Rating;

/// <summary>The deployment's rating settings (partner earned credit rate), as a service.</summary>
public sealed record RatingSettings(RatingOptions Options);

/// <summary>Registers the rated-lines tables, server-side rating and the rating usage ledger.</summary>
public static class RatingStorage
{
    /// <summary>Call after the usage and pricing storage.</summary>
    public static IServiceCollection AddRatingStorage(this IServiceCollection services)
    {
        services.AddSingleton(RatingSchema.Tables);
        services.AddSingleton(RatingSchema.RejectDetails);
        services.AddSingleton(RatingSchema.CarriedRecords);
        services.AddSingleton(Billing.BillingSchema.Tables);
        services.AddSingleton(Billing.BillingSchema.ReconExportRecords);
        services.TryAddSingleton(new RatingSettings(new RatingOptions()));
        services.AddSingleton<ServerRating>();
        services.TryAddSingleton(new Billing.BillingSettings(Domain.Billing.Invoicing.BillingCalendar.Default));
        services.AddSingleton<Billing.PeriodClose>();
        services.AddSingleton<Billing.InvoiceStore>();
        services.AddSingleton<Billing.UnbilledInvoiceRecon>();
        services.AddSingleton<RatingQueue>();
        services.AddSingleton<PecDiagnosisService>();
        services.AddSingleton<SqliteUsageLedger>();
        services.Replace(ServiceDescriptor.Singleton<IUsageLedger, RatingUsageLedger>());
        return services;
    }
}
