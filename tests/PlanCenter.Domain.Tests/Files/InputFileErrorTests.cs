using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Primitives;
using PlanCenter.Rating.Files;

namespace PlanCenter.Domain.Tests.Files;

public sealed class InputFileErrorTests
{
    private static InputFileException RunWith(TempDirectory temp, string file, string content)
    {
        var golden = GoldenTests.GoldenDirectory("basic");
        string Pick(string name) => name == file ? temp.Write(name, content) : Path.Combine(golden, name);
        var inputs = new OfflineRatingInputs
        {
            UsagePaths = [file.StartsWith("usage", StringComparison.Ordinal) ? temp.Write(file, content) : Path.Combine(golden, "usage.csv")],
            PricesPath = Pick("prices.csv"),
            AccountsPath = Pick("accounts.csv"),
            ExchangeRatesPath = Pick("fx.csv"),
            AccessPath = Pick("access.csv"),
            ReconPath = temp.File("recon.csv"),
        };
        return Should.Throw<InputFileException>(() => OfflineRating.Run(inputs, new RatingOptions()));
    }

    [Fact]
    public void Run_UsageMissingRequiredColumn_IsFileErrorOnLine1()
    {
        using var temp = new TempDirectory();

        var ex = RunWith(temp, "usage.csv", "UsageRecordId,EntitlementId,ResourceUri,MeterId,UsageStart\nx,y,z,w,v\n");

        ex.File.ShouldBe("usage.csv");
        ex.LineNumber.ShouldBe(1);
        ex.Column.ShouldBe("Quantity");
    }

    [Fact]
    public void Run_UsageRowWithExtraColumns_IsFileErrorNamingTheLine()
    {
        using var temp = new TempDirectory();

        var ex = RunWith(temp, "usage.csv", "usagerecordid,entitlementid,resourceuri,meterid,usagestart,quantity\na,b,c,d,e,f\na,b,c,d,e,f,g\n");

        ex.LineNumber.ShouldBe(3);
    }

    [Fact]
    public void Run_JsonLinesUnreadableLine_IsFileError()
    {
        using var temp = new TempDirectory();

        var ex = RunWith(temp, "usage.jsonl", "{\"usageRecordId\":\"a\"}\n{not json\n");

        ex.File.ShouldBe("usage.jsonl");
        ex.LineNumber.ShouldBe(2);
    }

    [Fact]
    public void Run_AccessKindNeitherAllowNorDeny_IsFileError()
    {
        using var temp = new TempDirectory();

        var ex = RunWith(temp, "access.csv", "AssignmentId,Scope,RoleName,PartnerTenantId,Kind,StartUtc,EndUtc\na1,/subscriptions/x,Owner,,Grant,2026-01-01,\n");

        ex.LineNumber.ShouldBe(2);
        ex.Column.ShouldBe("Kind");
    }

    [Fact]
    public void Run_AccessWithoutStart_IsFileError()
    {
        using var temp = new TempDirectory();

        var ex = RunWith(temp, "access.csv", "AssignmentId,Scope,RoleName,PartnerTenantId,Kind,StartUtc,EndUtc\na1,/subscriptions/x,Owner,,Allow,,\n");

        ex.Column.ShouldBe("StartUtc");
    }

    [Fact]
    public void Run_RepeatedEntitlement_IsFileError()
    {
        using var temp = new TempDirectory();
        const string Row = "0a000000-0000-4000-8000-000000000001,0b000000-0000-4000-8000-000000000001,0c000000-0000-4000-8000-000000000001,0d000000-0000-4000-8000-000000000001,EUR,2025-12-01";

        var ex = RunWith(temp, "accounts.csv", $"EntitlementId,SubscriptionId,CustomerId,PartnerId,BillingCurrency,EntitlementStart\n{Row}\n{Row}\n");

        ex.LineNumber.ShouldBe(3);
        ex.Column.ShouldBe("EntitlementId");
    }

    [Fact]
    public void Run_PlanWithTwoBillingCurrencies_IsFileError()
    {
        using var temp = new TempDirectory();
        const string Head = "EntitlementId,SubscriptionId,CustomerId,PartnerId,BillingCurrency,EntitlementStart\n";
        const string Rest = ",0b000000-0000-4000-8000-000000000001,0c000000-0000-4000-8000-000000000001,0d000000-0000-4000-8000-000000000001";

        var ex = RunWith(temp, "accounts.csv", $"{Head}0a000000-0000-4000-8000-000000000001{Rest},EUR,2025-12-01\n0a000000-0000-4000-8000-000000000002{Rest},USD,2025-12-01\n");

        ex.Column.ShouldBe("BillingCurrency");
    }

    [Fact]
    public void Run_UnreadablePrice_IsFileError()
    {
        using var temp = new TempDirectory();

        var ex = RunWith(temp, "prices.csv", "MeterIds,UnitPrice,PricingTierRangeMin,EffectiveStartDate,EffectiveEndDate,Tags,SkuTitle,MeterType\n6d1b3b1e-0000-4000-8000-000000000001,abc,0,2026-01-01,,Consumption,x,y\n");

        ex.LineNumber.ShouldBe(2);
        ex.Column.ShouldBe("UnitPrice");
    }

    [Fact]
    public void Run_DuplicateFxRow_IsFileError()
    {
        using var temp = new TempDirectory();

        var ex = RunWith(temp, "fx.csv", "CurrencyCode,USDPerUnit,Month\nEUR,1.1,2026-01\nEUR,1.2,202601\n");

        ex.LineNumber.ShouldBe(3);
    }
}
