using PlanCenter.Domain.Billing.Rating;

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
        var groups = new Dictionary<GroupKey, List<RatedUsageLine>>();
        foreach (var line in lines)
        {
            var key = new GroupKey(line.ChargeStartDate, line.Account.CustomerId.Value, line.Account.SubscriptionId.Value,
                line.MeterId.Value, line.PartnerEarnedCreditPercentage);
            if (!groups.TryGetValue(key, out var list))
            {
                list = [];
                groups.Add(key, list);
            }

            list.Add(line);
        }

        var keys = groups.Keys.ToArray();
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
            result[i] = BuildLine(groups[keys[i]], options);
        }

        return result;
    }

    private static InvoiceReconLine BuildLine(List<RatedUsageLine> lines, RatingOptions options)
    {
        lines.Sort(static (a, b) => DailyUsageLineOrder.Instance.Compare(a.Usage, b.Usage));
        var first = lines[0];
        var last = lines[0];
        var quantity = 0m;
        var listCost = 0m;
        var pricingTotal = 0m;
        foreach (var line in lines)
        {
            quantity += line.Quantity;
            listCost += line.Quantity * line.UnitPrice;
            pricingTotal += line.PricingPreTaxTotal;
            if (line.UsageDate < first.UsageDate)
            {
                first = line;
            }

            if (line.UsageDate > last.UsageDate)
            {
                last = line;
            }
        }

        var unitPrice = quantity == 0m ? first.UnitPrice : Math.Round(listCost / quantity, 10, MidpointRounding.ToEven);
        var effectiveUnitPrice = quantity == 0m ? first.EffectiveUnitPrice : Math.Round(pricingTotal / quantity, 10, MidpointRounding.ToEven);
        var exchangeRate = first.PCToBCExchangeRate;
        var subtotal = RoundDown2(RoundDown2(pricingTotal) * exchangeRate);
        var account = first.Account;
        return new InvoiceReconLine
        {
            ChargeStartDate = first.ChargeStartDate,
            ChargeEndDate = first.ChargeEndDate,
            PartnerId = account.PartnerId,
            CustomerId = account.CustomerId,
            CustomerName = account.CustomerName,
            CustomerDomainName = account.CustomerDomainName,
            CustomerCountry = account.CustomerCountry,
            MpnId = account.MpnId,
            ResellerMpnId = account.ResellerMpnId,
            SubscriptionId = account.SubscriptionId,
            MeterId = first.MeterId,
            PartnerEarnedCreditPercentage = first.PartnerEarnedCreditPercentage,
            Price = last.Period.Descriptor,
            BillableQuantity = quantity,
            UnitPrice = unitPrice,
            EffectiveUnitPrice = effectiveUnitPrice,
            PricingPreTaxTotal = pricingTotal,
            PCToBCExchangeRate = exchangeRate,
            Subtotal = subtotal,
            TaxTotal = 0m,
            Currency = account.BillingCurrency,
            PriceAdjustmentDescription = first.PartnerEarnedCreditPercentage != 0m ? ReconText.PecAdjustment(options.PecPercentage) : null,
        };
    }

    /// <summary>ROUNDDOWN(x, 2): truncation toward zero to 2 decimal places.</summary>
    public static decimal RoundDown2(decimal value) => Math.Round(value, 2, MidpointRounding.ToZero);

    private readonly record struct GroupKey(DateOnly Period, Guid Customer, Guid Plan, Guid Meter, decimal Pec);
}
