using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Plans;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Tests;

public sealed class AzurePlanPurchaseTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Partner UsPartner = new(new PartnerTenantId(Guid.NewGuid()), "US partner", "1", "US", PartnerKind.DirectBill, Now);

    private static Customer CustomerIn(string country) => Customer.Create(UsPartner.Id, $"c{Guid.NewGuid():N}.onmicrosoft.com", null, new BillingProfile
    {
        Id = Guid.NewGuid(),
        Email = "a@b.example",
        Culture = "en-US",
        Language = "en",
        CompanyName = "Company",
        DefaultAddress = new Address { Country = country, City = "City", AddressLine1 = "Street 1" },
    }, Now);

    private static CustomerAgreement Mca(Customer customer) =>
        new(customer.Id, UsPartner.Id, new PrincipalId(Guid.NewGuid()), AgreementTemplates.MicrosoftCustomerAgreement, "117a77b0-9360-443b-8795-c6dedc750cf9", Now, "A", "B", "a@b.example", null, Now);

    private static Cart CartFor(Customer customer, int quantity = 1)
    {
        var market = AzurePlanMarkets.Find(customer.Country);
        var line = new CartLineItem { CatalogItemId = market is null ? "DZH318Z0BPS6:0001:DZH318Z0BML6" : AzurePlanCatalog.CatalogItemId(market), Quantity = quantity, BillingCycle = BillingCycle.OneTime };
        return new Cart(customer.Id, UsPartner.Id, new PrincipalId(Guid.NewGuid()), [line], market, Now);
    }

    [Fact]
    public void Checkout_AllPrerequisitesMet_CreatesPlanDefaultAzureSubscriptionAndOwnerAssignment()
    {
        var customer = CustomerIn("US");
        var cart = CartFor(customer);

        var result = AzurePlanPurchase.Checkout(cart, customer, UsPartner, [Mca(customer)], [], Now);

        var plan = result.Plans.ShouldHaveSingleItem();
        plan.Status.ShouldBe(PlanStatus.Active);
        plan.OfferId.ShouldBe("DZH318Z0BPS6:0001:DZH318Z0BML6");
        var azureSubscription = result.AzureSubscriptions.ShouldHaveSingleItem();
        azureSubscription.PlanId.ShouldBe(plan.Id);
        var owner = result.RoleAssignments.ShouldHaveSingleItem();
        owner.Scope.ShouldBe($"/subscriptions/{azureSubscription.Id}");
        owner.RoleName.ShouldBe("Owner");
        owner.PrincipalId.ShouldBe(UsPartner.AdminAgentsGroupId);
        owner.StartAt.ShouldBe(Now);
        result.Order.LineItems.ShouldHaveSingleItem().SubscriptionId.ShouldBe(plan.Id);
        cart.Status.ShouldBe(CartStatus.Ordered);
    }

    [Fact]
    public void Checkout_WithoutMca_Throws13605AndLeavesCartOpen()
    {
        var customer = CustomerIn("US");
        var cart = CartFor(customer);

        var error = Should.Throw<CommerceRuleException>(() => AzurePlanPurchase.Checkout(cart, customer, UsPartner, [], [], Now)).Error;

        error.ShouldBe(CommerceErrors.McaNotAccepted);
        cart.Status.ShouldBe(CartStatus.Active);
    }

    [Fact]
    public void Checkout_CustomerInAnotherMarket_Throws2030()
    {
        var customer = CustomerIn("DE");

        var error = Should.Throw<CommerceRuleException>(() => AzurePlanPurchase.Checkout(CartFor(customer), customer, UsPartner, [Mca(customer)], [], Now)).Error;

        error.Code.ShouldBe("2030");
    }

    [Fact]
    public void Checkout_CountryWithoutAzurePlan_Throws800070()
    {
        var customer = CustomerIn("KP");

        var error = Should.Throw<CommerceRuleException>(() => AzurePlanPurchase.Checkout(CartFor(customer), customer, UsPartner, [Mca(customer)], [], Now)).Error;

        error.Code.ShouldBe("800070");
    }

    [Fact]
    public void Checkout_SecondPlanForSamePartnerOfRecord_Throws800066()
    {
        var customer = CustomerIn("US");
        var first = AzurePlanPurchase.Checkout(CartFor(customer), customer, UsPartner, [Mca(customer)], [], Now);

        var error = Should.Throw<CommerceRuleException>(() => AzurePlanPurchase.Checkout(CartFor(customer), customer, UsPartner, [Mca(customer)], first.Plans, Now)).Error;

        error.ShouldBe(CommerceErrors.PlanAlreadyExists);
    }

    [Fact]
    public void Update_SuspendWithActiveAzureSubscription_Throws900115AndKeepsVersion()
    {
        var plan = new AzurePlan(new CustomerId(Guid.NewGuid()), UsPartner.Id, new OrderId(Guid.NewGuid()), "offer", "Azure plan", null, Now);

        Should.Throw<CommerceRuleException>(() => plan.Update(null, PlanStatus.Suspended, expectedVersion: 1, hasActiveAzureSubscriptions: true))
            .Error.ShouldBe(CommerceErrors.PlanHasActiveAzureSubscriptions);
        plan.Version.ShouldBe(1);
        plan.Status.ShouldBe(PlanStatus.Active);
    }

    [Fact]
    public void Update_Rename_IncrementsVersion_AndOldVersionThenFails2055()
    {
        var plan = new AzurePlan(new CustomerId(Guid.NewGuid()), UsPartner.Id, new OrderId(Guid.NewGuid()), "offer", "Azure plan", null, Now);

        plan.Update("Production", null, expectedVersion: 1, hasActiveAzureSubscriptions: true);

        plan.Version.ShouldBe(2);
        Should.Throw<CommerceRuleException>(() => plan.Update("Other", null, expectedVersion: 1, hasActiveAzureSubscriptions: true)).Error.ShouldBe(CommerceErrors.EtagInvalid);
    }

    [Theory]
    [InlineData("compromise", true)]
    [InlineData("COMPROMISE", true)]
    [InlineData("because", false)]
    [InlineData(null, false)]
    public void Cancel_OnlyDocumentedReasons(string? reason, bool accepted)
    {
        var subscription = new AzureSubscription(new AzureSubscriptionId(Guid.NewGuid()), new SubscriptionId(Guid.NewGuid()), new CustomerId(Guid.NewGuid()), UsPartner.Id, "x", AzureWorkload.Production, null, Now);

        if (accepted)
        {
            subscription.Cancel(reason, Now);
            subscription.Status.ShouldBe(AzureSubscriptionStatus.Inactive);
        }
        else
        {
            Should.Throw<CommerceRuleException>(() => subscription.Cancel(reason, Now)).Error.Code.ShouldBe("900307");
        }
    }

    [Fact]
    public void Markets_EveryCountryHasACurrencyAndAUniqueAvailability()
    {
        AzurePlanMarkets.All.Select(m => m.Country).ShouldBeUnique();
        AzurePlanMarkets.All.Select(m => m.AvailabilityId).ShouldBeUnique();
        AzurePlanMarkets.Find("us")!.AvailabilityId.ShouldBe("DZH318Z0BML6");
        AzurePlanMarkets.Find("GB")!.Currency.ShouldBe("GBP");
        AzurePlanMarkets.AreInSameMarket("DE", "FR").ShouldBeTrue();
        AzurePlanMarkets.AreInSameMarket("US", "DE").ShouldBeFalse();
    }
}
