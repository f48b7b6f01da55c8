namespace PlanCenter.Domain.Catalog;

/// <summary>
/// Where the Azure plan is sold: one entry per country, with the market it belongs to (a partner sells
/// only inside its own market), the billing currency of partners located there, and the id of the Azure
/// plan's catalog availability in that country.
/// </summary>
/// <param name="Country">ISO 3166 alpha-2, upper case.</param>
/// <param name="Market">The CSP market the country belongs to (e.g. <c>US</c>, <c>Europe</c>).</param>
/// <param name="Currency">ISO 4217 billing currency for partners located in the country.</param>
/// <param name="AvailabilityId">Catalog availability id of SKU 0001 in the country.</param>
public sealed record AzurePlanMarket(string Country, string Market, string Currency, string AvailabilityId);
