using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Tests;

public sealed class PermissionMatrixTests
{
    private static Caller User(PartnerRoles roles) => new(new PartnerTenantId(Guid.NewGuid()), new PrincipalId(Guid.NewGuid()), IsAppOnly: false, roles);

    private static Caller App() => new(new PartnerTenantId(Guid.NewGuid()), new PrincipalId(Guid.NewGuid()), IsAppOnly: true, PartnerRoles.None);

    [Theory]
    [InlineData(PartnerRoles.GlobalAdmin | PartnerRoles.AdminAgent, true)]
    [InlineData(PartnerRoles.GlobalAdmin, false)]
    [InlineData(PartnerRoles.AdminAgent, false)]
    [InlineData(PartnerRoles.GlobalAdmin | PartnerRoles.SalesAgent, false)]
    public void IsAllowed_CancelAzureSubscription_NeedsBothGlobalAdminAndAdminAgent(PartnerRoles roles, bool allowed) =>
        PermissionMatrix.IsAllowed(User(roles), PartnerOperation.CancelAzureSubscription).ShouldBe(allowed);

    [Theory]
    [InlineData(PartnerRoles.GlobalAdmin, true)]
    [InlineData(PartnerRoles.AdminAgent, true)]
    [InlineData(PartnerRoles.SalesAgent, true)]
    [InlineData(PartnerRoles.BillingAdmin, false)]
    [InlineData(PartnerRoles.HelpdeskAgent, false)]
    public void IsAllowed_PurchaseAzurePlan_FollowsTheRecommendationOfTheConflict(PartnerRoles roles, bool allowed) =>
        PermissionMatrix.IsAllowed(User(roles), PartnerOperation.PurchaseAzurePlan).ShouldBe(allowed);

    [Theory]
    [InlineData(PartnerOperation.AttestCustomerAgreement)]
    [InlineData(PartnerOperation.RequestRelationship)]
    [InlineData(PartnerOperation.ReadPriceSheet)]
    public void IsAllowed_AppOnlyToken_RefusedForUserOnlyOperations(PartnerOperation operation) =>
        PermissionMatrix.IsAllowed(App(), operation).ShouldBeFalse();

    [Theory]
    [InlineData(PartnerOperation.PurchaseAzurePlan)]
    [InlineData(PartnerOperation.CancelAzureSubscription)]
    [InlineData(PartnerOperation.ReadInvoices)]
    [InlineData(PartnerOperation.ManageSpendingBudget)]
    public void IsAllowed_AppOnlyToken_AcceptedWhereDocumented(PartnerOperation operation) =>
        PermissionMatrix.IsAllowed(App(), operation).ShouldBeTrue();

    [Fact]
    public void IsAllowed_EveryOperation_HasARule()
    {
        foreach (var operation in Enum.GetValues<PartnerOperation>())
        {
            Should.NotThrow(() => PermissionMatrix.IsAllowed(User(PartnerRoles.GlobalAdmin), operation));
        }
    }

    [Fact]
    public void Demand_RoleWithoutRights_ThrowsRoleLacksRights()
    {
        var error = Should.Throw<CommerceRuleException>(() => PermissionMatrix.Demand(User(PartnerRoles.HelpdeskAgent), PartnerOperation.CreateCustomer)).Error;

        error.Code.ShouldBe(CommerceErrors.RoleLacksRights.Code);
        error.Kind.ShouldBe(ErrorKind.Forbidden);
    }
}
