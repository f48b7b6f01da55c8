using nietras.SeparatedValues;
using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;
using PlanCenter.Rating.Files;
using static PlanCenter.Domain.Tests.Rating.RatingWorld;

namespace PlanCenter.Domain.Tests.Rating;

public sealed class FocusCostTests
{
    /// <summary>The 21 columns FOCUS 1.2 marks Mandatory.</summary>
    private static readonly string[] Mandatory =
    [
        "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
        "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart", "ContractedCost", "EffectiveCost", "InvoiceIssuerName",
        "ListCost", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "ServiceCategory", "ServiceName",
    ];

    [Fact]
    public void Headers_AreTheChosenColumnsInOrder()
    {
        FocusCost.Headers.ShouldBe(
        [
            "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency", "BillingPeriodEnd",
            "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd",
            "ChargePeriodStart", "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId",
            "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingCurrency", "PricingCurrencyContractedUnitPrice",
            "PricingCurrencyEffectiveCost", "PricingCurrencyListUnitPrice", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
            "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuMeter",
            "SkuPriceId", "SubAccountId", "SubAccountName", "SubAccountType", "Tags",
            "x_BilledCostInUsd", "x_BillingExchangeRate", "x_BillingExchangeRateDate", "x_ContractedCostInUsd", "x_CustomerId",
            "x_CustomerName", "x_EffectiveCostInUsd", "x_EffectiveUnitPrice", "x_ListCostInUsd", "x_PartnerCreditApplied",
            "x_PartnerCreditRate", "x_PricingCurrency", "x_PricingUnitDescription", "x_ResellerId", "x_ResourceGroupName",
            "x_SkuMeterCategory", "x_SkuMeterId", "x_SkuMeterSubcategory", "x_SkuOrderId", "x_SkuRegion",
        ]);
        FocusCost.Headers.ShouldBeSubsetOf(FocusCost.Headers.Distinct());
        Mandatory.ShouldBeSubsetOf(FocusCost.Headers);
    }

    [Fact]
    public void FillCells_EuroLineWithPec_HasTheHandComputedCostsAndExchangeRate()
    {
        // 10 units at u = 0.333 USD on a whole PEC day; 1 EUR = 1.17 USD → PCToBC = Round(1 / 1.17, 10) = 0.8547008547.
        var world = new RatingWorld { Currency = "EUR" }.Price(Meter, 0.333m).Allow($"/subscriptions/{Sub1}", Partner, At(1));
        world.Rates.Add(("EUR", 1.17m, new DateOnly(2026, 1, 1), 2));
        var line = Rate(world.Build(), [Record("a", At(3, 5), 10m)]).Single();

        var row = Row(line);

        row["BilledCost"].ShouldBe("2.41923076922835");          // 10 × 0.333 × 0.85 × 0.8547008547
        row["EffectiveCost"].ShouldBe("2.41923076922835");
        row["ListCost"].ShouldBe("2.846153846151");              // 10 × 0.333 × 0.8547008547
        row["ContractedCost"].ShouldBe("2.846153846151");
        row["ListUnitPrice"].ShouldBe("0.2846153846151");
        row["ContractedUnitPrice"].ShouldBe("0.2846153846151");
        row["BillingCurrency"].ShouldBe("EUR");
        row["PricingCurrency"].ShouldBe("USD");
        row["PricingCurrencyEffectiveCost"].ShouldBe("2.8305");
        row["PricingCurrencyListUnitPrice"].ShouldBe("0.333");
        row["x_BilledCostInUsd"].ShouldBe("2.8305");
        row["x_ListCostInUsd"].ShouldBe("3.33");
        row["x_EffectiveUnitPrice"].ShouldBe("0.28305");
        row["x_BillingExchangeRate"].ShouldBe("0.8547008547");
        row["x_BillingExchangeRateDate"].ShouldBe("2026-01-01T00:00:00Z");
        row["x_PartnerCreditApplied"].ShouldBe("true");
        row["x_PartnerCreditRate"].ShouldBe("0.15");
        row["ChargePeriodStart"].ShouldBe("2026-01-03T00:00:00Z");
        row["ChargePeriodEnd"].ShouldBe("2026-01-04T00:00:00Z");
        row["BillingPeriodStart"].ShouldBe("2026-01-01T00:00:00Z");
        row["BillingPeriodEnd"].ShouldBe("2026-02-01T00:00:00Z");
        row["ChargeCategory"].ShouldBe("Usage");
        row["ChargeClass"].ShouldBe("");
        row["InvoiceId"].ShouldBe("");
        row["PricingQuantity"].ShouldBe("10");
        row["ConsumedQuantity"].ShouldBe("10");
        row["PricingUnit"].ShouldBe("1 Hour");
        row["ServiceName"].ShouldBe("Virtual Machines");
        row["ServiceCategory"].ShouldBe("Compute");
        row["ProviderName"].ShouldBe("Microsoft");
        row["InvoiceIssuerName"].ShouldBe("Microsoft");
        row["PublisherName"].ShouldBe("Microsoft");
        row["BillingAccountId"].ShouldBe(Partner.ToString());
        row["SubAccountId"].ShouldBe(Sub1.ToString());
        row["ResourceId"].ShouldBe(Vm1);
        row["ResourceName"].ShouldBe("vm1");
        row["ResourceType"].ShouldBe("Microsoft.Compute/virtualMachines");
        row["RegionId"].ShouldBe("westeurope");
        row["SkuId"].ShouldBe("DZH318Z0BQ4Z/0045");
        row["SkuPriceId"].ShouldBe($"DZH318Z0BQ4Z/0045/{Meter}");
        row["x_ResourceGroupName"].ShouldBe("prod");
        row["x_SkuOrderId"].ShouldBe(Plan.ToString());
    }

    [Fact]
    public void FillCells_NoPecInvoiced_HasRateZeroAndTheInvoiceId()
    {
        var world = new RatingWorld().Price(Meter, 2m);
        var line = Rate(world.Build(), [Record("a", At(3), 1.5m)]).Single();

        var row = Row(line, "G000000042");

        row["x_PartnerCreditApplied"].ShouldBe("false");
        row["x_PartnerCreditRate"].ShouldBe("0");
        row["BilledCost"].ShouldBe("3");
        row["ListCost"].ShouldBe("3");
        row["x_BillingExchangeRate"].ShouldBe("1");
        row["InvoiceId"].ShouldBe("G000000042");
    }

    [Fact]
    public void Csv_TagsWithCommasAndQuotes_AreQuotedAndReadBackIntact()
    {
        const string tags = "{\"env\":\"prod, eu\",\"owner\":\"Ada \\\"AL\\\" Lovelace\"}";
        var world = new RatingWorld().Price(Meter, 1m);
        var line = Rate(world.Build(), [Record("a", At(3), 1m, tags: tags)]).Single();

        var text = Csv(line);

        text.ShouldContain("\"{\"\"env\"\":\"\"prod, eu\"\"");
        Read(text)["Tags"].ShouldBe(tags);
    }

    private static Dictionary<string, string> Row(RatedUsageLine line, string? invoiceId = null) => Read(Csv(line, invoiceId));

    private static string Csv(RatedUsageLine line, string? invoiceId = null)
    {
        using var text = new StringWriter();
        using (var csv = CsvOutput.ToWriter(text, FocusCost.Headers))
        {
            var cells = new string?[FocusCost.Headers.Count];
            FocusCost.FillCells(line, cells, invoiceId);
            csv.WriteRow(cells);
        }

        return text.ToString();
    }

    private static Dictionary<string, string> Read(string text)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(text);
        reader.Header.ColNames.ShouldBe(FocusCost.Headers);
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>();
            foreach (var header in FocusCost.Headers)
            {
                values[header] = row[header].ToString();
            }

            rows.Add(values);
        }

        return rows.ShouldHaveSingleItem();
    }
}
