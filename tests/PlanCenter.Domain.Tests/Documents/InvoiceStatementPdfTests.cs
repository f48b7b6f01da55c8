using System.Text;
using System.Text.RegularExpressions;
using PlanCenter.Documents;

namespace PlanCenter.Domain.Tests.Documents;

/// <summary>The statement PDF read back with PdfPig: what a partner sees, page by page.</summary>
public sealed partial class InvoiceStatementPdfTests
{
    private const string TableHeader = "Customer Subtotal (EUR) Tax (EUR) Total (EUR)";

    [Fact]
    public void Render_ThreeCustomers_PrintsHeaderPartnerDetailsAndSummary()
    {
        var pdf = InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers());

        Encoding.ASCII.GetString(pdf, 0, 5).ShouldBe("%PDF-");
        var text = PdfTextLines.Read(pdf);
        text.Pages.Count.ShouldBe(1);
        var lines = text.AllLines.ToList();
        lines.ShouldContain("PlanCenter Invoice G000000042");
        lines.ShouldContain("Azure plan statement Billing period 2026-10-01 to 2026-10-31");
        lines.ShouldContain("Sold to / Bill to Invoice details");
        lines.ShouldContain("Fabrikam Cloud Solutions GmbH Invoice number G000000042");
        lines.ShouldContain("Hauptstraße 1 Invoice date 2026-11-05");
        lines.ShouldContain("10115 Berlin Due date 2027-01-04");
        lines.ShouldContain("DE Payment terms Net 60 days");
        lines.ShouldContain("Tenant ID 0e195b37-1d5c-4a39-9d8e-2b6f1c3a8e11 Billing period 2026-10-01 to 2026-10-31");
        lines.ShouldContain("MPN ID 6034453 Billing currency EUR");
        lines.ShouldContain("Pricing currency USD");
        lines.ShouldContain("Charges 1,234,965.47 EUR");
        lines.ShouldContain("Tax 77.93 EUR");
        lines.ShouldContain("Total amount due 1,235,043.40 EUR");
        lines.ShouldContain("Payment is due by 2027-01-04. Please quote invoice number G000000042 with your payment.");
        lines.ShouldContain("PlanCenter · Invoice G000000042 · 2026-11-05 Page 1 of 1");
    }

    [Fact]
    public void Render_ThreeCustomers_PrintsEachCustomersRowTheInvoiceTotalAndTheRateAndPecNotes()
    {
        var lines = PdfTextLines.Read(InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers())).AllLines.ToList();

        lines.ShouldContain("Charges by customer 3 customers");
        lines.ShouldContain(TableHeader);
        lines.ShouldContain("Contoso Ltd 410.17 77.93 488.10");
        lines.ShouldContain("contoso.onmicrosoft.com Customer ID 196e2273-0000-4000-8000-000000000001");
        lines.ShouldContain("Northwind Traders 1,234,567.80 0.00 1,234,567.80");
        lines.ShouldContain("Tailspin Toys -12.50 0.00 -12.50");
        lines.ShouldContain("Invoice total (EUR) 1,234,965.47 77.93 1,235,043.40");
        lines.ShouldContain("Pricing currency USD; exchange rate to EUR: 0.9234 (2026-10)");
        lines.ShouldContain("Partner earned credit (PEC) is included in the charges above; it is not shown as a separate line.");
        lines.ShouldContain("All amounts are in EUR.");
        lines.ShouldNotContain(line => line.Contains("earlier month", StringComparison.Ordinal));
        lines.ShouldNotContain(line => line.StartsWith("PEC ", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_AmountsAreAsGiven_NotReAdded()
    {
        // A statement whose rows do not add up to its totals still prints the totals it was given.
        var statement = StatementSamples.ThreeCustomers() with { Subtotal = 1m, TaxTotal = 2m, Total = 3m };

        var lines = PdfTextLines.Read(InvoiceStatementPdf.Render(statement)).AllLines.ToList();

        lines.ShouldContain("Charges 1.00 EUR");
        lines.ShouldContain("Tax 2.00 EUR");
        lines.ShouldContain("Total amount due 3.00 EUR");
        lines.ShouldContain("Invoice total (EUR) 1.00 2.00 3.00");
    }

    [Fact]
    public void Render_SetsTitleAndCreationDateFromTheInvoice()
    {
        var text = PdfTextLines.Read(InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers()));

        text.Title.ShouldBe("Invoice G000000042");
        text.CreationDate.ShouldStartWith("D:20261105000000");
    }

    [Fact]
    public void Render_5000Customers_PaginatesWithTheHeaderOnEveryPageAndEachCustomerOnce()
    {
        const int count = 5000;
        var statement = StatementSamples.ManyCustomers(count);

        var text = PdfTextLines.Read(InvoiceStatementPdf.Render(statement));

        var pageCount = text.Pages.Count;
        pageCount.ShouldBeGreaterThan(1);
        var seen = new int[count + 1];
        var order = new List<int>(count);
        for (var index = 0; index < pageCount; index++)
        {
            var page = text.Pages[index].ToList();
            page[0].ShouldBe(index == 0 ? "PlanCenter Invoice G000000042" : "PlanCenter Invoice G000000042 (continued)");
            page[^1].ShouldBe($"PlanCenter · Invoice G000000042 · 2026-11-05 Page {index + 1} of {pageCount}");

            var rows = 0;
            foreach (var line in page)
            {
                var match = CustomerRow().Match(line);
                if (!match.Success)
                {
                    continue;
                }

                var number = int.Parse(match.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var amount = (1000m + number + 0.25m).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);
                line.ShouldBe($"{StatementSamples.CustomerName(number)} {amount} 0.00 {amount}");
                seen[number]++;
                order.Add(number);
                rows++;
            }

            if (rows > 0)
            {
                page.Count(line => line == TableHeader).ShouldBe(1, $"page {index + 1} has customer rows but not one table header");
                page.IndexOf(TableHeader).ShouldBeLessThan(page.FindIndex(line => CustomerRow().IsMatch(line)));
            }
        }

        seen.Skip(1).ShouldAllBe(times => times == 1);
        order.ShouldBe(Enumerable.Range(1, count));
        text.Pages[^1].ShouldContain("Pricing currency USD; exchange rate to EUR: 0.9234 (2026-10)");
        text.AllLines.Count(line => line.StartsWith("Invoice total (EUR)", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public void Render_TwoExchangeRates_PrintsBothWithTheirMonthsOldestFirst()
    {
        var statement = StatementSamples.ThreeCustomers() with
        {
            ExchangeRates = [StatementSamples.October, new(new DateOnly(2026, 9, 1), 0.91875m)],
        };

        var lines = PdfTextLines.Read(InvoiceStatementPdf.Render(statement)).AllLines.ToList();

        var september = lines.IndexOf("Pricing currency USD; exchange rate to EUR: 0.91875 (2026-09)");
        var october = lines.IndexOf("Pricing currency USD; exchange rate to EUR: 0.9234 (2026-10)");
        september.ShouldBeGreaterThanOrEqualTo(0);
        october.ShouldBe(september + 1);
        lines.ShouldContain("Usage of an earlier month billed on this invoice was converted at that month's rate.");
    }

    [Fact]
    public void Render_SameStatementTwice_GivesTheSameBytes()
    {
        var first = InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers());
        var second = InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers());

        second.ShouldBe(first);
    }

    [Fact]
    public async Task Render_OnParallelThreads_GivesTheSameBytesEverywhere()
    {
        var statement = StatementSamples.ManyCustomers(200);
        var expected = InvoiceStatementPdf.Render(statement);

        var renders = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => InvoiceStatementPdf.Render(statement), TestContext.Current.CancellationToken)));

        foreach (var bytes in renders)
        {
            bytes.ShouldBe(expected);
        }
    }

    [Fact]
    public void Render_AnotherInvoiceNumber_ChangesTheDocumentId()
    {
        var first = InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers());
        var second = InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers() with { InvoiceNumber = "G000000043" });

        TrailerId(second).ShouldNotBe(TrailerId(first));
    }

    [Theory]
    [InlineData("0", "0.00")]
    [InlineData("0.5", "0.50")]
    [InlineData("999.99", "999.99")]
    [InlineData("1000", "1,000.00")]
    [InlineData("1234567.8", "1,234,567.80")]
    [InlineData("-1234.05", "-1,234.05")]
    public void Render_EurAmount_PrintsTwoDecimalsThousandsSeparatorsAndTheCurrencyCode(string amount, string printed)
    {
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        var statement = StatementSamples.ThreeCustomers() with { Subtotal = value, TaxTotal = 0m, Total = value };

        var lines = PdfTextLines.Read(InvoiceStatementPdf.Render(statement)).AllLines.ToList();

        lines.ShouldContain($"Charges {printed} EUR");
        lines.ShouldContain($"Total amount due {printed} EUR");
    }

    [Fact]
    public void Render_NoCustomers_SaysSoAndStillPrintsTheTotals()
    {
        var statement = StatementSamples.ThreeCustomers() with { Customers = [], Subtotal = 0m, TaxTotal = 0m, Total = 0m };

        var lines = PdfTextLines.Read(InvoiceStatementPdf.Render(statement)).AllLines.ToList();

        lines.ShouldContain("Charges by customer 0 customers");
        lines.ShouldContain("No customer was charged in this billing period.");
        lines.ShouldContain("Invoice total (EUR) 0.00 0.00 0.00");
    }

    [Fact]
    public void Render_CompanyNameTooLongForItsColumn_IsShortenedWithAnEllipsis()
    {
        var longName = "The Very Long Company Name International Holdings Europe Middle East and Africa GmbH & Co. KG";
        var statement = StatementSamples.ThreeCustomers() with
        {
            Customers = [new(Guid.Empty, longName, "long.onmicrosoft.com", 1m, 0m, 1m)],
        };

        var lines = PdfTextLines.Read(InvoiceStatementPdf.Render(statement)).AllLines.ToList();

        var row = lines.Single(line => line.StartsWith("The Very Long", StringComparison.Ordinal));
        row.ShouldEndWith("… 1.00 0.00 1.00");
        longName.ShouldStartWith(row[..row.IndexOf('…', StringComparison.Ordinal)].TrimEnd());
    }

    [Fact]
    public void Render_CyrillicAndGreekNames_PrintAndReadBack()
    {
        var statement = StatementSamples.ThreeCustomers() with
        {
            Customers =
            [
                new(Guid.Empty, "ООО Ромашка", "romashka.onmicrosoft.com", 1m, 0m, 1m),
                new(Guid.Empty, "Ελληνική Εταιρεία ΑΕ", "greek.onmicrosoft.com", 2m, 0m, 2m),
            ],
        };

        var lines = PdfTextLines.Read(InvoiceStatementPdf.Render(statement)).AllLines.ToList();

        lines.ShouldContain("ООО Ромашка 1.00 0.00 1.00");
        lines.ShouldContain("Ελληνική Εταιρεία ΑΕ 2.00 0.00 2.00");
    }

    [Fact]
    public void DueDate_IsTheInvoiceDatePlusTheNet60Terms() =>
        StatementSamples.ThreeCustomers().DueDate.ShouldBe(new DateOnly(2027, 1, 4));

    [Theory]
    [InlineData("G00000004")]
    [InlineData("G0000000420")]
    [InlineData("D000000042")]
    [InlineData("G00000004X")]
    public void Render_MalformedInvoiceNumber_Throws(string number) =>
        Should.Throw<ArgumentException>(() => InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers() with { InvoiceNumber = number }))
            .Message.ShouldContain(number);

    [Fact]
    public void Render_AmountWithMoreThanTwoDecimals_ThrowsInsteadOfRounding() =>
        Should.Throw<ArgumentException>(() => InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers() with { Total = 410.175m }))
            .Message.ShouldContain("more than two decimals");

    [Fact]
    public void Render_RateMonthNotTheFirstDay_Throws() =>
        Should.Throw<ArgumentException>(() => InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers() with
        {
            ExchangeRates = [new(new DateOnly(2026, 10, 15), 0.9234m)],
        })).Message.ShouldContain("2026-10-15");

    [Fact]
    public void Render_NoExchangeRate_Throws() =>
        Should.Throw<ArgumentException>(() => InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers() with { ExchangeRates = [] }));

    [Fact]
    public void Render_PeriodEndingBeforeItStarts_Throws() =>
        Should.Throw<ArgumentException>(() => InvoiceStatementPdf.Render(StatementSamples.ThreeCustomers() with
        {
            BillingPeriodLastDay = new DateOnly(2026, 9, 30),
        }));

    private static string TrailerId(byte[] pdf)
    {
        var match = TrailerIdPattern().Match(Encoding.Latin1.GetString(pdf));
        match.Success.ShouldBeTrue("the trailer has no /ID");
        return match.Groups["id"].Value;
    }

    [GeneratedRegex(@"^Customer (?<number>\d{4}) GmbH ")]
    private static partial Regex CustomerRow();

    [GeneratedRegex(@"/ID\s*\[\s*<(?<id>[0-9A-Fa-f]+)>")]
    private static partial Regex TrailerIdPattern();
}
