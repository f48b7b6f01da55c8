using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Domain.Tests.Pricing;

public sealed class PricingPermissionTests
{
    private static Caller User(PartnerRoles roles) => new(new PartnerTenantId(Guid.NewGuid()), new PrincipalId(Guid.NewGuid()), IsAppOnly: false, roles);

    [Theory]
    [InlineData(PartnerRoles.GlobalAdmin, true)]
    [InlineData(PartnerRoles.GlobalAdmin | PartnerRoles.AdminAgent, true)]
    [InlineData(PartnerRoles.AdminAgent, false)]
    [InlineData(PartnerRoles.SalesAgent, false)]
    [InlineData(PartnerRoles.BillingAdmin, false)]
    [InlineData(PartnerRoles.HelpdeskAgent, false)]
    public void ImportPriceList_OnlyGlobalAdmins(PartnerRoles roles, bool allowed) =>
        PermissionMatrix.IsAllowed(User(roles), PartnerOperation.ImportPriceList).ShouldBe(allowed);

    [Fact]
    public void ImportPriceList_AppOnly_IsRefused() =>
        PermissionMatrix.AllowsAppOnly(PartnerOperation.ImportPriceList).ShouldBeFalse();
}
