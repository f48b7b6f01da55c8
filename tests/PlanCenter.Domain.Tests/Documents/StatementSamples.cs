using PlanCenter.Documents;

namespace PlanCenter.Domain.Tests.Documents;

/// <summary>Literal statements for the PDF tests: a German partner billed in EUR for October 2026.</summary>
internal static class StatementSamples
{
    public static readonly Guid PartnerTenantId = Guid.Parse("0e195b37-1d5c-4a39-9d8e-2b6f1c3a8e11");

    public static readonly InvoiceStatementPartner Partner =
        new("Fabrikam Cloud Solutions GmbH", PartnerTenantId, "6034453", "DE")
        {
            AddressLines = ["Hauptstraße 1", "10115 Berlin"],
        };

    public static readonly InvoiceStatementExchangeRate October = new(new DateOnly(2026, 10, 1), 0.9234m);

    public static InvoiceStatement ThreeCustomers() => new(
        InvoiceNumber: "G000000042",
        InvoiceDate: new DateOnly(2026, 11, 5),
        BillingPeriodFirstDay: new DateOnly(2026, 10, 1),
        BillingPeriodLastDay: new DateOnly(2026, 10, 31),
        Partner: Partner,
        BillingCurrency: "EUR",
        ExchangeRates: [October],
        Customers:
        [
            new(Guid.Parse("196e2273-0000-4000-8000-000000000001"), "Contoso Ltd", "contoso.onmicrosoft.com", 410.17m, 77.93m, 488.10m),
            new(Guid.Parse("196e2273-0000-4000-8000-000000000002"), "Northwind Traders", "northwind.onmicrosoft.com", 1234567.80m, 0m, 1234567.80m),
            new(Guid.Parse("196e2273-0000-4000-8000-000000000003"), "Tailspin Toys", "tailspin.onmicrosoft.com", -12.50m, 0m, -12.50m),
        ],
        Subtotal: 1234965.47m,
        TaxTotal: 77.93m,
        Total: 1235043.40m);

    /// <summary><paramref name="count"/> customers named <c>Customer 0001 GmbH</c>…, each charged 1,000 + its number.</summary>
    public static InvoiceStatement ManyCustomers(int count)
    {
        var customers = new InvoiceStatementCustomer[count];
        for (var i = 0; i < count; i++)
        {
            var number = i + 1;
            var charge = 1000m + number + 0.25m;
            customers[i] = new InvoiceStatementCustomer(
                new Guid(number, 0, 0, new byte[8]), CustomerName(number), $"customer{number:D4}.onmicrosoft.com", charge, 0m, charge);
        }

        return ThreeCustomers() with { Customers = customers, Subtotal = 5_000_000m, TaxTotal = 0m, Total = 5_000_000m };
    }

    public static string CustomerName(int number) => $"Customer {number:D4} GmbH";
}
