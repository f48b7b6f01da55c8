using PlanCenter.Domain.Usage;
using static PlanCenter.Domain.Tests.Rating.RatingWorld;

namespace PlanCenter.Domain.Tests.Rating;

public sealed class UsageValidationTests
{
    private static UsageRecordText Text(string? quantity = "1", string? start = "2026-01-05T10:00:00Z", string? meter = null,
        string? entitlement = null, string? id = "r1", string? resource = null) =>
        new(id, entitlement ?? Sub1.ToString(), resource ?? Vm1, meter ?? Meter.ToString(), start, quantity,
            null, null, null, null, null, null, 2);

    private static RejectReason? Check(RatingWorld world, UsageRecordText text)
    {
        if (!UsageRecordParser.TryParse(text, out var record, out _))
        {
            return RejectReason.Malformed;
        }

        return world.Build().Validate(record).Reason;
    }

    private static RatingWorld Priced() => new RatingWorld().Price(Meter, 1m, first: Day(1), last: Day(20));

    [Theory]
    [InlineData("1e3")]
    [InlineData("+1")]
    [InlineData("1,000")]
    [InlineData("1.123456789")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-")]
    public void Validate_UnparsableQuantity_IsMalformed(string quantity)
    {
        Check(Priced(), Text(quantity)).ShouldBe(RejectReason.Malformed);
    }

    [Theory]
    [InlineData(null, "2026-01-05")]
    [InlineData("r1", "05/01/2026")]
    [InlineData("r1", "")]
    public void Validate_MissingIdOrBadStart_IsMalformed(string? id, string start)
    {
        Check(Priced(), Text(id: id, start: start)).ShouldBe(RejectReason.Malformed);
    }

    [Fact]
    public void Validate_MeterNotAGuid_IsMalformedBeforeNegativeQuantity()
    {
        Check(Priced(), Text("-1", meter: "not-a-guid")).ShouldBe(RejectReason.Malformed);
    }

    [Fact]
    public void Validate_NegativeQuantity_IsNegativeQuantityBeforeUnknownEntitlement()
    {
        Check(Priced(), Text("-0.5", entitlement: Guid.Empty.ToString())).ShouldBe(RejectReason.NegativeQuantity);
    }

    [Fact]
    public void Validate_UnknownAzureSubscription_IsUnknownEntitlement()
    {
        Check(Priced(), Text(entitlement: Guid.Empty.ToString(), meter: Guid.Empty.ToString())).ShouldBe(RejectReason.UnknownEntitlement);
    }

    [Fact]
    public void Validate_UsageBeforeEntitlementStart_IsOutsideEntitlementPeriod()
    {
        var world = Priced();
        world.EntitlementStart = At(5, 12);

        Check(world, Text(start: "2026-01-05T11:59:59Z", meter: Guid.Empty.ToString())).ShouldBe(RejectReason.OutsideEntitlementPeriod);
    }

    [Fact]
    public void Validate_UsageAtEntitlementEnd_IsOutsideEntitlementPeriod()
    {
        var world = Priced();
        world.EntitlementEnd = At(5);

        Check(world, Text(start: "2026-01-05")).ShouldBe(RejectReason.OutsideEntitlementPeriod);
    }

    [Fact]
    public void Validate_MeterWithoutConsumptionRows_IsUnknownMeter()
    {
        Check(Priced(), Text(meter: OtherMeter.ToString())).ShouldBe(RejectReason.UnknownMeter);
    }

    [Fact]
    public void Validate_NoPeriodOnUsageDate_IsNoPriceOnDate()
    {
        Check(Priced(), Text(start: "2026-01-21T00:00:00")).ShouldBe(RejectReason.NoPriceOnDate);
    }

    [Fact]
    public void Validate_OffsetMovesUsageIntoUnpricedUtcDay_IsNoPriceOnDate()
    {
        Check(Priced(), Text(start: "2026-01-20 23:30:00-01:00")).ShouldBe(RejectReason.NoPriceOnDate);
    }

    [Fact]
    public void Validate_EuroBillingWithoutRate_IsNoExchangeRate()
    {
        var world = Priced();
        world.Currency = "EUR";

        Check(world, Text()).ShouldBe(RejectReason.NoExchangeRate);
    }

    [Fact]
    public void Validate_GoodRecord_IsAccepted()
    {
        Check(Priced(), Text("12.12345678", start: "2026-01-05 10:00")).ShouldBeNull();
    }

    [Fact]
    public void Add_IdInOtherCase_IsDuplicate()
    {
        var ids = new UsageRecordIdSet();

        ids.Add("usage-A").ShouldBeTrue();
        ids.Add("USAGE-a").ShouldBeFalse();
        ids.Add(" 6F9619FF-8B86-D011-B42D-00C04FC964FF").ShouldBeTrue();
        ids.Add("6f9619ff-8b86-d011-b42d-00c04fc964ff").ShouldBeFalse();
        ids.Count.ShouldBe(2);
    }
}
