namespace PlanCenter.Domain.Partners;

/// <summary>Each operation the permission matrix (domain.md §1.3) rules on.</summary>
public enum PartnerOperation
{
    ReadCustomers,
    CreateCustomer,
    UpdateCustomerBillingProfile,
    RemoveRelationship,
    RequestRelationship,
    AttestCustomerAgreement,
    ReadAgreements,
    ReadCatalog,
    PurchaseAzurePlan,
    ReadOrders,
    ReadSubscriptions,
    UpdateAzurePlan,
    CreateAzureSubscription,
    CancelAzureSubscription,
    ReactivateAzureSubscription,
    ReadPriceSheet,
    ReadInvoices,
    ReadDailyRatedUsage,
    ManageSpendingBudget,
    ManageAccess,
    SandboxClock,
    ImportPriceList,
    IngestUsage,
}
