using PlanCenter.Domain.Access;
using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Plans;

/// <summary>What a successful checkout creates, to be saved in one transaction.</summary>
public sealed record PurchaseResult(Order Order, IReadOnlyList<AzurePlan> Plans, IReadOnlyList<AzureSubscription> AzureSubscriptions, IReadOnlyList<RoleAssignment> RoleAssignments);

/// <summary>
/// The checkout of a cart holding the Azure plan, with the prerequisites of domain.md §2.1 that apply
/// here, checked in this order: cart open (800065), commerce relationship (20002), country availability
/// (800070), partner market (2030), MCA on record (13605), line errors (800009), one plan per customer
/// per partner of record (800066).
/// </summary>
public static class AzurePlanPurchase
{
    public static PurchaseResult Checkout(Cart cart, Customer customer, Partner partner, IReadOnlyList<CustomerAgreement> agreements,
        IReadOnlyList<AzurePlan> existingPlans, DateTimeOffset now)
    {
        cart.EnsureActive();
        customer.EnsureCommerceRelationship();
        var market = AzurePlanMarkets.Find(customer.Country)
            ?? throw new CommerceRuleException(CommerceErrors.OfferNotAvailableInCountry.WithDescription($"The Azure plan is not available in {customer.Country}."));
        if (!AzurePlanMarkets.AreInSameMarket(partner.Country, customer.Country))
        {
            throw new CommerceRuleException(CommerceErrors.NotOnboardedInCountry.WithDescription(
                $"The partner's market ({AzurePlanMarkets.Find(partner.Country)?.Market ?? partner.Country}) does not include {customer.Country}."));
        }

        if (!agreements.Any(a => string.Equals(a.Type, AgreementTemplates.MicrosoftCustomerAgreement, StringComparison.OrdinalIgnoreCase)))
        {
            throw new CommerceRuleException(CommerceErrors.McaNotAccepted);
        }

        if (cart.HasLineErrors || cart.LineItems.Count == 0)
        {
            var first = cart.LineItems.FirstOrDefault(line => line.ErrorCode is not null);
            throw new CommerceRuleException(first is null ? CommerceErrors.CartItemError : CommerceErrors.CartItemError.WithDescription(
                $"Error in cart item(s): line {first.Index}: {first.ErrorDescription}"));
        }

        var plans = new List<AzurePlan>();
        var azureSubscriptions = new List<AzureSubscription>();
        var assignments = new List<RoleAssignment>();
        var orderLines = new List<OrderLineItem>();
        var orderId = TypedId.New<OrderId>();
        foreach (var line in cart.LineItems)
        {
            var reseller = line.TransactionReseller;
            var hasPlan = existingPlans.Concat(plans).Any(p => string.Equals(p.PartnerIdOnRecord ?? "", reseller ?? "", StringComparison.OrdinalIgnoreCase));
            if (hasPlan)
            {
                throw new CommerceRuleException(CommerceErrors.PlanAlreadyExists);
            }

            var plan = new AzurePlan(customer.Id, partner.Id, orderId, AzurePlanCatalog.CatalogItemId(market),
                string.IsNullOrWhiteSpace(line.FriendlyName) ? AzurePlanCatalog.OfferName : line.FriendlyName, reseller, now);
            var azureSubscription = new AzureSubscription(TypedId.New<AzureSubscriptionId>(), plan.Id, customer.Id, partner.Id,
                AzurePlanCatalog.DefaultAzureSubscriptionName, AzureWorkload.Production, alias: null, now);
            plans.Add(plan);
            azureSubscriptions.Add(azureSubscription);
            assignments.Add(RoleAssignment.DefaultOwner(azureSubscription.ArmId, partner.AdminAgentsGroupId, partner.Id, now));
            orderLines.Add(new OrderLineItem
            {
                LineItemNumber = line.Index,
                OfferId = plan.OfferId,
                SubscriptionId = plan.Id,
                FriendlyName = plan.FriendlyName,
                Quantity = 1,
                PartnerIdOnRecord = reseller,
            });
        }

        var order = new Order(orderId, customer.Id, partner.Id, market.Currency, orderLines, now);
        cart.MarkOrdered(now);
        return new PurchaseResult(order, plans, azureSubscriptions, assignments);
    }
}
