using PlanCenter.Application.Abstractions;
using PlanCenter.Documents;
using PlanCenter.Domain.Billing.Invoicing;
using PlanCenter.Domain.Partners;
using PlanCenter.Storage.Billing;

namespace PlanCenter.Api.Endpoints;

/// <summary>
/// <c>GET /v1/invoices/{id}/documents/statement</c> (api.md §13.2): the invoice's PDF statement. It is made
/// on first request from the issued invoice (partner, period, each customer's totals, the exchange rates
/// billed, the invoice total) and stored, so every later request gets the same bytes.
/// </summary>
public static class InvoiceStatementEndpoint
{
    public static RouteGroupBuilder MapInvoiceStatement(this RouteGroupBuilder v1)
    {
        v1.MapGet("/invoices/{invoiceId}/documents/statement", async (string invoiceId, HttpContext http, InvoiceStore invoices, ICommerceStore store,
            CancellationToken ct) =>
        {
            var invoice = await InvoicesEndpoints.FindAsync(http, invoices, invoiceId, PartnerOperation.ReadInvoices, ct);
            var pdf = await invoices.StatementAsync(invoice.Id, async c => InvoiceStatementPdf.Render(await StatementOfAsync(invoice, invoices, store, c)), ct);
            return TypedResults.File(pdf, "application/pdf", $"Invoice_{invoice.Id}.pdf");
        });
        return v1;
    }

    /// <summary>What the statement shows of an issued invoice.</summary>
    public static async Task<InvoiceStatement> StatementOfAsync(IssuedInvoice invoice, InvoiceStore invoices, ICommerceStore store, CancellationToken ct)
    {
        var partner = await store.FindPartnerAsync(invoice.Partner, ct)
            ?? throw new InvalidOperationException($"Invoice {invoice.Id} names partner {invoice.Partner}, which does not exist.");
        var customers = await invoices.CustomerTotalsAsync(invoice.Id, ct);
        var rates = await invoices.ExchangeRatesAsync(invoice, ct);
        return new InvoiceStatement(
            invoice.Id,
            DateOnly.FromDateTime(invoice.InvoiceDate.UtcDateTime),
            invoice.Period,
            invoice.PeriodEnd,
            new InvoiceStatementPartner(partner.Name, partner.Id.Value, partner.MpnId, partner.Country),
            invoice.Currency,
            rates.Select(r => new InvoiceStatementExchangeRate(r.Month, r.Rate)).ToList(),
            customers.Select(c => new InvoiceStatementCustomer(c.Customer.Value, c.Name ?? c.Customer.ToString(), c.Domain ?? "", c.Subtotal, c.TaxTotal, c.Total)).ToList(),
            invoice.Subtotal,
            invoice.TaxTotal,
            invoice.Total);
    }
}
