using PlanCenter.Domain.Access;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Pricing;
using PlanCenter.Domain.Primitives;
using PlanCenter.Domain.Usage;

namespace PlanCenter.Domain.Tests.Rating;

/// <summary>A small in-memory rating world: one plan, two Azure subscriptions, a partner and a reseller.</summary>
internal sealed class RatingWorld
{
    public static readonly PartnerTenantId Partner = new(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"));
    public static readonly PartnerTenantId Reseller = new(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000002"));
    public static readonly PartnerTenantId Stranger = new(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000003"));
    public static readonly SubscriptionId Plan = new(Guid.Parse("bbbbbbbb-0000-0000-0000-000000000001"));
    public static readonly CustomerId Customer = new(Guid.Parse("cccccccc-0000-0000-0000-000000000001"));
    public static readonly AzureSubscriptionId Sub1 = new(Guid.Parse("11111111-0000-0000-0000-000000000001"));
    public static readonly AzureSubscriptionId Sub2 = new(Guid.Parse("11111111-0000-0000-0000-000000000002"));
    public static readonly MeterId Meter = new(Guid.Parse("dddddddd-0000-0000-0000-000000000001"));
    public static readonly MeterId OtherMeter = new(Guid.Parse("dddddddd-0000-0000-0000-000000000002"));

    public static readonly string Vm1 = $"/subscriptions/{Sub1}/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/vm1";
    public static readonly string Vm2 = $"/subscriptions/{Sub2}/resourceGroups/prod/providers/Microsoft.Compute/virtualMachines/vm2";

    public List<PriceRow> Prices { get; } = [];
    public List<AccessInterval> Access { get; } = [];
    public List<(string, decimal, DateOnly, long)> Rates { get; } = [];
    public string Currency { get; set; } = "USD";
    public PartnerTenantId? ResellerOfRecord { get; set; } = Reseller;
    public DateTimeOffset EntitlementStart { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public DateTimeOffset? EntitlementEnd { get; set; }

    public static DateOnly Day(int day) => new(2026, 1, day);

    public static DateTimeOffset At(int day, int hour = 0) => new(2026, 1, day, hour, 0, 0, TimeSpan.Zero);

    public RatingWorld Price(MeterId meter, decimal unitPrice, decimal tierMinimum = 0m, DateOnly? first = null, DateOnly? last = null,
        string tags = "Azure;Consumption", string skuTitle = "D2 v3", string meterType = "1 Compute Hour")
    {
        Prices.Add(new PriceRow
        {
            MeterId = meter,
            UnitPrice = unitPrice,
            TierMinimum = tierMinimum,
            FirstDay = first ?? new DateOnly(2025, 1, 1),
            LastDay = last,
            IsConsumption = tags.Contains("Consumption", StringComparison.Ordinal),
            IsThirdParty = tags.Contains("ThirdParty", StringComparison.Ordinal),
            SkuTitle = skuTitle,
            MeterType = meterType,
            ProductTitle = "Virtual Machines Dv3 Series",
            ProductId = "DZH318Z0BQ4Z",
            SkuId = "0045",
            Publisher = "Microsoft",
            UnitOfMeasure = "1 Hour",
            MeterName = "D2 v3",
            MeterCategory = "Virtual Machines",
            MeterSubCategory = "Dv3 Series",
            MeterRegion = "EU West",
            AvailabilityId = "DZH318Z08M9S",
            LineNumber = Prices.Count + 2,
        });
        return this;
    }

    public RatingWorld Allow(string scope, PartnerTenantId? partner, DateTimeOffset start, DateTimeOffset? end = null, string role = "Owner")
    {
        Access.Add(new AccessInterval(AccessScope.Normalize(scope), PecEligibleRoles.IsEligible(role), partner, AssignmentKind.Allow, start, end));
        return this;
    }

    public RatingWorld Deny(string scope, PartnerTenantId? partner, DateTimeOffset start, DateTimeOffset? end = null)
    {
        Access.Add(new AccessInterval(AccessScope.Normalize(scope), false, partner, AssignmentKind.Deny, start, end));
        return this;
    }

    public RatingContext Build()
    {
        var accounts = new[] { Sub1, Sub2 }.Select((sub, i) => new AzureEntitlementAccount
        {
            EntitlementId = sub,
            EntitlementDescription = $"Sub {i + 1}",
            SubscriptionId = Plan,
            CustomerId = Customer,
            CustomerName = "Contoso",
            PartnerId = Partner,
            MpnId = "6034453",
            ResellerTenantId = ResellerOfRecord,
            ResellerMpnId = ResellerOfRecord is null ? null : "6048879",
            BillingCurrency = Currency,
            EntitlementStartAt = EntitlementStart,
            EntitlementEndAtExcl = EntitlementEnd,
            LineNumber = i + 2,
        });
        return new RatingContext(PriceSheet.Build(Prices, "prices.csv"), ExchangeRateTable.Build(Rates, "fx.csv"),
            new AccessIndex(Access), AccountDirectory.Build(accounts, "accounts.csv"));
    }

    public static UsageRecord Record(string id, DateTimeOffset start, decimal quantity, AzureSubscriptionId? sub = null, string? resource = null,
        MeterId? meter = null, string? tags = null) =>
        new(id, sub ?? Sub1, resource ?? Vm1, meter ?? Meter, start, quantity, "westeurope", "Microsoft.Compute", tags);

    public static IReadOnlyList<RatedUsageLine> Rate(RatingContext context, IEnumerable<UsageRecord> records, RatingOptions? options = null)
    {
        var accumulator = new UsageAccumulator();
        foreach (var record in records)
        {
            context.Validate(record).IsAccepted.ShouldBeTrue(record.UsageRecordId);
            accumulator.Add(record);
        }

        return new RatingEngine(context, options ?? new RatingOptions()).Rate(accumulator.ToLines());
    }
}
