using PlanCenter.Domain.Access;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Domain.Billing.Rating;

/// <summary>
/// The reference data rating needs: prices, exchange rates, access history and accounts. Immutable and
/// safe to share between threads.
/// </summary>
public sealed class RatingContext(PriceSheet prices, ExchangeRateTable exchangeRates, AccessIndex access, AccountDirectory accounts)
{
    /// <summary>The consumption price list.</summary>
    public PriceSheet Prices { get; } = prices;

    /// <summary>The monthly exchange rates.</summary>
    public ExchangeRateTable ExchangeRates { get; } = exchangeRates;

    /// <summary>Role assignments over time.</summary>
    public AccessIndex Access { get; } = access;

    /// <summary>Who is billed for each Azure subscription.</summary>
    public AccountDirectory Accounts { get; } = accounts;

    /// <summary>
    /// True when a record with these values passes every check of <see cref="Validate"/> (the offline
    /// reader's fast path; a false answer is explained by <see cref="Validate"/>).
    /// </summary>
    internal bool Accepts(AzureSubscriptionId entitlementId, MeterId meterId, DateTimeOffset usageStartAt, decimal quantity)
    {
        if (quantity < 0m || !Accounts.TryGet(entitlementId, out var account) || !account.IsBillableAt(usageStartAt))
        {
            return false;
        }

        var day = UtcText.UtcDate(usageStartAt);
        return Prices.Find(meterId, day, out _) == PriceLookup.Found && ExchangeRates.TryGetRate(account.BillingCurrency, day, out _);
    }

    /// <summary>
    /// Validates a parsed record (billing-rules §2.1, after <see cref="RejectReason.Malformed"/>):
    /// NegativeQuantity, UnknownEntitlement, OutsideEntitlementPeriod, UnknownMeter, NoPriceOnDate,
    /// NoExchangeRate, in that order.
    /// </summary>
    public UsageValidation Validate(in UsageRecord record)
    {
        if (record.Quantity < 0m)
        {
            return UsageValidation.Reject(RejectReason.NegativeQuantity, $"Quantity {record.Quantity} is negative");
        }

        if (!Accounts.TryGet(record.EntitlementId, out var account))
        {
            return UsageValidation.Reject(RejectReason.UnknownEntitlement, $"EntitlementId {record.EntitlementId} is not in the accounts");
        }

        if (!account.IsBillableAt(record.UsageStartAt))
        {
            return UsageValidation.Reject(RejectReason.OutsideEntitlementPeriod,
                $"UsageStart {record.UsageStartAt:yyyy-MM-ddTHH:mm:ssZ} is outside the entitlement period");
        }

        var day = record.UsageDate;
        switch (Prices.Find(record.MeterId, day, out var period))
        {
            case PriceLookup.UnknownMeter:
                return UsageValidation.Reject(RejectReason.UnknownMeter, $"MeterId {record.MeterId} has no Consumption price");
            case PriceLookup.NoPriceOnDate:
                return UsageValidation.Reject(RejectReason.NoPriceOnDate, $"MeterId {record.MeterId} has no Consumption price on {day:yyyy-MM-dd}");
        }

        if (!ExchangeRates.TryGetRate(account.BillingCurrency, day, out _))
        {
            return UsageValidation.Reject(RejectReason.NoExchangeRate, $"no {account.BillingCurrency} exchange rate for {day:yyyy-MM}");
        }

        return new UsageValidation(null, null, account, period);
    }
}
