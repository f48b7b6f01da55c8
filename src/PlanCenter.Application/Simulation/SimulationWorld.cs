using PlanCenter.Application.Abstractions;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Application.Simulation;

/// <summary>
/// The customers of a simulation: <c>sim{seed}-{n}.onmicrosoft.com</c> under one partner, each with an Azure
/// plan and one Azure subscription created on the simulation's first day. The Azure subscription ids come
/// from the seed, so a second run with the same seed finds the same world and adds nothing.
/// </summary>
public sealed class SimulationWorld(ICommerceStore store)
{
    public async Task<IReadOnlyList<SimSubscription>> EnsureAsync(PartnerTenantId partnerId, int customers, int seed, DateOnly start, CancellationToken ct)
    {
        var partner = (await store.FindPartnerAsync(partnerId, ct)).OrThrow(CommerceErrors.NotFound.WithDescription($"No partner {partnerId}."));
        var market = AzurePlanMarkets.Find(partner.Country) ?? AzurePlanMarkets.Find("US")!;
        var random = new Random(unchecked((seed * 31) + 5));
        var createdAt = UtcText.StartOfDay(start);
        var list = new List<SimSubscription>(customers);
        for (var i = 0; i < customers; i++)
        {
            var azureId = new AzureSubscriptionId(UsageSimulator.NextGuid(random));
            var profileId = UsageSimulator.NextGuid(random); // drawn either way, so the sequence never depends on what exists
            list.Add(new SimSubscription(azureId.Value, partner.Id.Value, partner.AdminAgentsGroupId));
            if (await store.FindAzureSubscriptionAsync(partner.Id, azureId, ct) is not null)
            {
                continue;
            }

            var domain = $"sim{seed}-{i + 1}.onmicrosoft.com";
            var address = new Address { Country = partner.Country, City = "Redmond", State = partner.Country == "US" ? "WA" : null, PostalCode = "98052", AddressLine1 = $"{i + 1} Simulation Way", FirstName = "Sam", LastName = "Ulator" };
            var profile = new BillingProfile
            {
                Id = profileId,
                FirstName = "Sam",
                LastName = "Ulator",
                Email = $"billing@{domain}",
                Culture = "en-US",
                Language = "en",
                CompanyName = $"Simulated Customer {i + 1}",
                DefaultAddress = address,
            };
            var customer = Customer.Create(partner.Id, domain, null, profile, createdAt);
            var plan = new AzurePlan(customer.Id, partner.Id, TypedId.New<OrderId>(), AzurePlanCatalog.CatalogItemId(market), AzurePlanCatalog.OfferName, null, createdAt);
            store.Add(customer);
            store.Add(plan);
            store.Add(new AzureSubscription(azureId, plan.Id, customer.Id, partner.Id, $"Simulated subscription {i + 1}", AzureWorkload.Production, null, createdAt));
        }

        await store.SaveChangesAsync(ct);
        return list;
    }
}
