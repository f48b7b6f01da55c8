using PlanCenter.Application.Identity;
using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;
using PlanCenter.Storage.Pricing;
using System.Globalization;
using System.Text;

namespace PlanCenter.Api;

/// <summary>
/// The demo world seeded on first start: two partners in different markets, a user per role, one
/// registered application each, and customers with and without an Azure plan. Every demo user signs in
/// with <see cref="Password"/>.
/// </summary>
public static class DemoWorld
{
    public const string Password = "PlanCenter-demo-1";

    public static readonly PartnerTenantId ContosoPartner = new(Guid.Parse("c0a7050c-0000-4000-8000-000000000001"));
    public static readonly PartnerTenantId FabrikamPartner = new(Guid.Parse("fab12000-0000-4000-8000-000000000002"));
    public static readonly Guid ContosoApp = Guid.Parse("c0a7050c-a000-4000-8000-0000000000a1");
    public static readonly Guid FabrikamApp = Guid.Parse("fab12000-a000-4000-8000-0000000000a2");
    public const string ContosoAppSecret = "contoso-app-secret";
    public const string FabrikamAppSecret = "fabrikam-app-secret";

    /// <summary>The demo users: e-mail, partner and roles.</summary>
    public static IReadOnlyList<(string Email, PartnerTenantId Partner, PartnerRoles Roles)> Users { get; } =
    [
        ("admin@contoso-partner.example", ContosoPartner, PartnerRoles.GlobalAdmin | PartnerRoles.AdminAgent),
        ("globaladmin@contoso-partner.example", ContosoPartner, PartnerRoles.GlobalAdmin),
        ("adminagent@contoso-partner.example", ContosoPartner, PartnerRoles.AdminAgent),
        ("sales@contoso-partner.example", ContosoPartner, PartnerRoles.SalesAgent),
        ("billing@contoso-partner.example", ContosoPartner, PartnerRoles.BillingAdmin),
        ("helpdesk@contoso-partner.example", ContosoPartner, PartnerRoles.HelpdeskAgent),
        ("admin@fabrikam-partner.example", FabrikamPartner, PartnerRoles.GlobalAdmin | PartnerRoles.AdminAgent),
        ("sales@fabrikam-partner.example", FabrikamPartner, PartnerRoles.SalesAgent),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<ICommerceStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var contoso = new Partner(ContosoPartner, "Contoso Cloud Partners", "4800123", "US", PartnerKind.DirectBill, now);
        var fabrikam = new Partner(FabrikamPartner, "Fabrikam Partner GmbH", "5100456", "DE", PartnerKind.DirectBill, now);
        store.Add(contoso);
        store.Add(fabrikam);

        var hash = PasswordHashing.Hash(Password);
        foreach (var (email, partner, roles) in Users)
        {
            var name = email[..email.IndexOf('@', StringComparison.Ordinal)];
            store.Add(new PartnerUser(TypedId.New<PrincipalId>(), partner, email, name, roles, hash));
        }

        store.Add(new PartnerApplication(ContosoApp, ContosoPartner, "Contoso billing automation", PasswordHashing.Hash(ContosoAppSecret)));
        store.Add(new PartnerApplication(FabrikamApp, FabrikamPartner, "Fabrikam billing automation", PasswordHashing.Hash(FabrikamAppSecret)));
        await store.SaveChangesAsync(ct);

        await AddCustomerAsync(store, contoso, "northwindtraders.onmicrosoft.com", "Northwind Traders", "US", "Redmond", "WA", "98052", buyPlan: true, now, ct);
        await AddCustomerAsync(store, contoso, "tailspintoys.onmicrosoft.com", "Tailspin Toys", "US", "Seattle", "WA", "98101", buyPlan: false, now, ct);
        await AddCustomerAsync(store, fabrikam, "adatum.onmicrosoft.com", "Adatum GmbH", "DE", "Berlin", null, "10115", buyPlan: true, now, ct);
        await SeedPricesAsync(services, now, ct);
    }

    /// <summary>The embedded Azure Retail Prices sample whose Consumption items are the demo price list.</summary>
    public const string RetailPricesSample = "azure-retail-prices-sample.json";

    /// <summary>
    /// The real meters of the retail prices sample as the Azure plan price list (the first version, so it
    /// prices every month), and FX rates for the demo partners' currencies (EUR, GBP) for the six months
    /// up to the current one.
    /// </summary>
    private static async Task SeedPricesAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct)
    {
        await using (var sample = OpenDemoData(RetailPricesSample))
        {
            await services.GetRequiredService<PriceListStore>().ImportAsync(sample, PriceFileFormat.RetailPricesJson, RetailPricesSample, null, null, ct);
        }

        var fx = new StringBuilder("CurrencyCode,USDPerUnit,Month\n");
        var month = new DateOnly(now.Year, now.Month, 1).AddMonths(-5);
        for (var i = 0; i < 6; i++, month = month.AddMonths(1))
        {
            // Plausible mid-rates that drift a little from month to month.
            fx.Append(CultureInfo.InvariantCulture, $"EUR,{1.08m + (i * 0.004m)},{month:yyyy-MM}\n");
            fx.Append(CultureInfo.InvariantCulture, $"GBP,{1.265m - (i * 0.003m)},{month:yyyy-MM}\n");
        }

        await using var rates = new MemoryStream(Encoding.UTF8.GetBytes(fx.ToString()));
        await services.GetRequiredService<FxRateStore>().ImportAsync(rates, "demo-fx.csv", ct);
    }

    /// <summary>Opens an embedded demo data file.</summary>
    public static Stream OpenDemoData(string name) =>
        typeof(DemoWorld).Assembly.GetManifestResourceStream($"PlanCenter.DemoData.{name}")
            ?? throw new InvalidOperationException($"The embedded demo data file {name} is missing.");

    private static async Task AddCustomerAsync(ICommerceStore store, Partner partner, string domain, string company, string country, string city,
        string? state, string postalCode, bool buyPlan, DateTimeOffset now, CancellationToken ct)
    {
        var address = new Address { Country = country, City = city, State = state, PostalCode = postalCode, AddressLine1 = "1 Main Street", FirstName = "Dana", LastName = "Admin" };
        var profile = new BillingProfile
        {
            Id = Guid.NewGuid(),
            FirstName = "Dana",
            LastName = "Admin",
            Email = $"billing@{domain}",
            Culture = country == "DE" ? "de-DE" : "en-US",
            Language = country == "DE" ? "de" : "en",
            CompanyName = company,
            DefaultAddress = address,
        };
        var customer = Customer.Create(partner.Id, domain, null, profile, now);
        store.Add(customer);
        var mca = AgreementTemplates.Find(AgreementTemplates.MicrosoftCustomerAgreement)!;
        var agreement = new CustomerAgreement(customer.Id, partner.Id, new PrincipalId(Guid.Empty), mca.AgreementType, mca.TemplateId, now, "Dana", "Admin", $"dana@{domain}", null, now);
        store.Add(agreement);
        if (buyPlan)
        {
            var market = AzurePlanMarkets.Find(country)!;
            var line = new CartLineItem { Index = 0, CatalogItemId = AzurePlanCatalog.CatalogItemId(market), Quantity = 1, BillingCycle = BillingCycle.OneTime };
            var cart = new Cart(customer.Id, partner.Id, new PrincipalId(Guid.Empty), [line], market, now);
            var purchase = AzurePlanPurchase.Checkout(cart, customer, partner, [agreement], [], now);
            store.Add(cart);
            store.Add(purchase.Order);
            purchase.Plans.ToList().ForEach(store.Add);
            purchase.AzureSubscriptions.ToList().ForEach(store.Add);
            purchase.RoleAssignments.ToList().ForEach(store.Add);
        }

        await store.SaveChangesAsync(ct);
    }
}
