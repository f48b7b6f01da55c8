using PlanCenter.Domain.Billing.Rating;
using PlanCenter.Domain.Billing.Reconciliation;
using static PlanCenter.Domain.Tests.Rating.RatingWorld;

namespace PlanCenter.Domain.Tests.Rating;

public sealed class InvoiceReconTests
{
    [Fact]
    public void Build_MicrosoftPecExample_SubtotalIs410Point17()
    {
        var world = new RatingWorld().Price(Meter, 0.868m).Allow($"/subscriptions/{Sub1}", Partner, At(1));
        var rated = Rate(world.Build(), [Record("a", At(3), 29m), Record("b", At(10), 181.950039m), Record("c", At(25), 345m)]);

        var lines = InvoiceReconBuilder.Build(rated, new RatingOptions());

        lines.Count.ShouldBe(1);
        lines[0].BillableQuantity.ShouldBe(555.950039m);
        lines[0].PricingPreTaxTotal.ShouldBe(410.1799387742m);
        lines[0].Subtotal.ShouldBe(410.17m);
        lines[0].Total.ShouldBe(410.17m);
        lines[0].EffectiveUnitPrice.ShouldBe(0.7378m);
        lines[0].UnitPrice.ShouldBe(0.868m);
        lines[0].PriceAdjustmentDescription.ShouldBe("[\"15.0% Partner earned credit for services managed\"]");
    }

    [Fact]
    public void Build_PecAndNonPecDays_SplitIntoTwoLines()
    {
        var world = new RatingWorld().Price(Meter, 1m).Allow($"/subscriptions/{Sub1}", Partner, At(10));
        var rated = Rate(world.Build(), [Record("a", At(3), 10m), Record("b", At(12), 10m)]);

        var lines = InvoiceReconBuilder.Build(rated, new RatingOptions());

        lines.Select(l => l.PartnerEarnedCreditPercentage).ShouldBe([0m, 15m]);
        lines[0].PriceAdjustmentDescription.ShouldBeNull();
        lines[1].Subtotal.ShouldBe(8.5m);
    }

    [Fact]
    public void Build_ForeignCurrency_RoundsDownTwice()
    {
        var world = new RatingWorld { Currency = "EUR" }.Price(Meter, 0.333m);
        world.Rates.Add(("EUR", 1.17m, new DateOnly(2026, 1, 1), 2));
        var rated = Rate(world.Build(), [Record("a", At(3), 10m)]);

        var line = InvoiceReconBuilder.Build(rated, new RatingOptions())[0];

        line.PCToBCExchangeRate.ShouldBe(0.8547008547m);
        line.Subtotal.ShouldBe(2.84m);
        line.Currency.ShouldBe("EUR");
    }

    [Fact]
    public void Build_ZeroQuantity_UsesFirstDayPrices()
    {
        var world = new RatingWorld().Price(Meter, 0.5m).Price(Meter, 0.25m, 10m);
        var rated = Rate(world.Build(), [Record("a", At(3), 0m)]);

        var line = InvoiceReconBuilder.Build(rated, new RatingOptions())[0];

        line.BillableQuantity.ShouldBe(0m);
        line.UnitPrice.ShouldBe(0.5m);
        line.EffectiveUnitPrice.ShouldBe(0.5m);
        line.Subtotal.ShouldBe(0m);
    }

    [Fact]
    public void PecAdjustment_FractionalPercentage_KeepsItsDecimals()
    {
        ReconText.PecAdjustment(12.5m).ShouldBe("[\"12.5% Partner earned credit for services managed\"]");
        ReconText.PecAdjustment(12.34m).ShouldBe("[\"12.34% Partner earned credit for services managed\"]");
    }

    [Fact]
    public void Headers_DailyAndInvoice_HaveDocumentedCounts()
    {
        DailyRatedUsageRecon.Headers.Count.ShouldBe(55);
        DailyRatedUsageRecon.Headers[7].ShouldBe("ResellerMPNID");
        DailyRatedUsageRecon.Headers[27].ShouldBe("Unit");
        DailyRatedUsageRecon.Headers[49].ShouldBe("PartnerEarnedCreditPercentage");
        InvoiceRecon.Headers.Count.ShouldBe(48);
        InvoiceRecon.Headers[45].ShouldBe("PromotionId");
    }

    [Fact]
    public void FillCells_RatedLine_WritesDocumentedValues()
    {
        var world = new RatingWorld().Price(Meter, 0.868m).Allow($"/subscriptions/{Sub1}", Partner, At(1));
        var line = Rate(world.Build(), [Record("a", At(3), 2m)])[0];
        var cells = new string?[55];

        DailyRatedUsageRecon.FillCells(line, cells);

        cells[16].ShouldBe("Azure plan");
        cells[18].ShouldBe("2026-01-01");
        cells[19].ShouldBe("2026-01-31");
        cells[20].ShouldBe("2026-01-03");
        cells[30].ShouldBe("prod");
        cells[32].ShouldBe("Usage");
        cells[33].ShouldBe("0.868");
        cells[38].ShouldBe("1.4756");
        cells[44].ShouldBe("0.7378");
        cells[46].ShouldBe("2026-01-01");
        cells[49].ShouldBe("15");
        cells[50].ShouldBe("0");
        cells[8].ShouldBeNull();
    }
}
