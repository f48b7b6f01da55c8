using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Billing.Reconciliation;

/// <summary>
/// Groups rated daily lines into invoice reconciliation lines by (billing period, CustomerId, plan
/// SubscriptionId, MeterId, PartnerEarnedCreditPercentage) (billing-rules §4). The billing period of a
/// line is its usage month. Output is ordered by that key (ids ordinal on their lower-case form).
/// </summary>
public static class InvoiceReconBuilder
{
    /// <summary>Builds the invoice lines of <paramref name="lines"/>; <paramref name="options"/> gives the PEC percentage text.</summary>
    public static IReadOnlyList<InvoiceReconLine> Build(IEnumerable<RatedUsageLine> lines, RatingOptions options)
    {
        var accumulator = new InvoiceReconAccumulator();
        var accounts = new Dictionary<AzureSubscriptionId, AzureEntitlementAccount>();
        var prices = new Dictionary<(MeterId, DateOnly), PriceRow>();
        foreach (var line in lines)
        {
            accumulator.Add(ReconContribution.Of(line));
            accounts.TryAdd(line.Usage.EntitlementId, line.Account);
            prices.TryAdd((line.MeterId, line.UsageDate), line.Period.Descriptor);
        }

        return accumulator.ToLines(e => accounts[e], (meter, day) => prices[(meter, day)], options);
    }

    /// <summary>ROUNDDOWN(x, 2): truncation toward zero to 2 decimal places.</summary>
    public static decimal RoundDown2(decimal value) => Math.Round(value, 2, MidpointRounding.ToZero);
}

/// <summary>What one rated daily line adds to its invoice recon group: the key and the amounts billing-rules §4 sums.</summary>
public readonly record struct ReconContribution(
    DateOnly UsageDate,
    CustomerId Customer,
    SubscriptionId Plan,
    MeterId Meter,
    decimal PartnerEarnedCreditPercentage,
    AzureSubscriptionId Entitlement,
    decimal Quantity,
    decimal UnitPrice,
    decimal EffectiveUnitPrice,
    decimal PricingPreTaxTotal,
    decimal PCToBCExchangeRate)
{
    /// <summary>The contribution of a rated line.</summary>
    public static ReconContribution Of(RatedUsageLine line) => new(line.UsageDate, line.Account.CustomerId, line.Account.SubscriptionId,
        line.MeterId, line.PartnerEarnedCreditPercentage, line.Usage.EntitlementId, line.Quantity, line.UnitPrice, line.EffectiveUnitPrice,
        line.PricingPreTaxTotal, line.PCToBCExchangeRate);
}

/// <summary>
/// Running sums of invoice recon groups (billing-rules §4), fed one daily line at a time so a month of
/// millions of lines needs memory for its groups only. Adding the same lines in any order gives the same
/// invoice lines.
/// </summary>
public sealed class InvoiceReconAccumulator
{
    private readonly Dictionary<GroupKey, GroupSums> _groups = [];

    /// <summary>The number of groups so far.</summary>
    public int Count => _groups.Count;

    /// <summary>Adds one daily line.</summary>
    public void Add(in ReconContribution line)
    {
        var month = new DateOnly(line.UsageDate.Year, line.UsageDate.Month, 1);
        var key = new GroupKey(month, line.Customer.Value, line.Plan.Value, line.Meter.Value, line.PartnerEarnedCreditPercentage);
        if (!_groups.TryGetValue(key, out var sums))
        {
            sums = new GroupSums { FirstDay = line.UsageDate, LastDay = line.UsageDate, First = line };
            _groups.Add(key, sums);
        }

        sums.Quantity += line.Quantity;
        sums.ListCost += line.Quantity * line.UnitPrice;
        sums.PricingTotal += line.PricingPreTaxTotal;
        // The first day's line, the lowest Azure subscription on a tie: its account names the group, whatever the order of adding.
        if (line.UsageDate < sums.FirstDay
            || (line.UsageDate == sums.FirstDay && DailyUsageLineOrder.CompareGuids(line.Entitlement.Value, sums.First.Entitlement.Value) < 0))
        {
            sums.FirstDay = line.UsageDate;
            sums.First = line;
        }

        if (line.UsageDate > sums.LastDay)
        {
            sums.LastDay = line.UsageDate;
        }
    }

    /// <summary>
    /// The invoice lines in key order. <paramref name="accounts"/> gives the billing account of an Azure
    /// subscription; <paramref name="prices"/> the meter's price row on a day (the group's last usage day).
    /// </summary>
    public IReadOnlyList<InvoiceReconLine> ToLines(Func<AzureSubscriptionId, AzureEntitlementAccount> accounts, Func<MeterId, DateOnly, PriceRow> prices,
        RatingOptions options)
    {
        var keys = _groups.Keys.ToArray();
        Array.Sort(keys, static (a, b) =>
        {
            var c = a.Period.CompareTo(b.Period);
            if (c == 0)
            {
                c = DailyUsageLineOrder.CompareGuids(a.Customer, b.Customer);
            }

            if (c == 0)
            {
                c = DailyUsageLineOrder.CompareGuids(a.Plan, b.Plan);
            }

            if (c == 0)
            {
                c = DailyUsageLineOrder.CompareGuids(a.Meter, b.Meter);
            }

            return c != 0 ? c : a.Pec.CompareTo(b.Pec);
        });

        var result = new InvoiceReconLine[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var sums = _groups[keys[i]];
            result[i] = BuildLine(keys[i], sums, accounts(sums.First.Entitlement), prices(sums.First.Meter, sums.LastDay), options);
        }

        return result;
    }

    private static InvoiceReconLine BuildLine(GroupKey key, GroupSums sums, AzureEntitlementAccount account, PriceRow price, RatingOptions options)
    {
        // Every line of one plan-meter-day has the same unit price, so the first day's values do not depend on which line of it came first.
        var first = sums.First;
        var unitPrice = sums.Quantity == 0m ? first.UnitPrice : Math.Round(sums.ListCost / sums.Quantity, 10, MidpointRounding.ToEven);
        var effectiveUnitPrice = sums.Quantity == 0m ? first.EffectiveUnitPrice : Math.Round(sums.PricingTotal / sums.Quantity, 10, MidpointRounding.ToEven);
        var exchangeRate = first.PCToBCExchangeRate;
        return new InvoiceReconLine
        {
            ChargeStartDate = key.Period,
            ChargeEndDate = key.Period.AddMonths(1).AddDays(-1),
            PartnerId = account.PartnerId,
            CustomerId = account.CustomerId,
            CustomerName = account.CustomerName,
            CustomerDomainName = account.CustomerDomainName,
            CustomerCountry = account.CustomerCountry,
            MpnId = account.MpnId,
            ResellerMpnId = account.ResellerMpnId,
            SubscriptionId = account.SubscriptionId,
            MeterId = first.Meter,
            PartnerEarnedCreditPercentage = key.Pec,
            Price = price,
            BillableQuantity = sums.Quantity,
            UnitPrice = unitPrice,
            EffectiveUnitPrice = effectiveUnitPrice,
            PricingPreTaxTotal = sums.PricingTotal,
            PCToBCExchangeRate = exchangeRate,
            Subtotal = InvoiceReconBuilder.RoundDown2(InvoiceReconBuilder.RoundDown2(sums.PricingTotal) * exchangeRate),
            TaxTotal = 0m,
            Currency = account.BillingCurrency,
            PriceAdjustmentDescription = key.Pec != 0m ? ReconText.PecAdjustment(options.PecPercentage) : null,
        };
    }

    private readonly record struct GroupKey(DateOnly Period, Guid Customer, Guid Plan, Guid Meter, decimal Pec);

    private sealed class GroupSums
    {
        public decimal Quantity;
        public decimal ListCost;
        public decimal PricingTotal;
        public DateOnly FirstDay;
        public DateOnly LastDay;
        public ReconContribution First;
    }
}
