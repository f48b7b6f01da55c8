namespace PlanCenter.Domain.Primitives;

/// <summary>The Partner Center error codes PlanCenter uses (domain.md Appendix A, api.md §18).</summary>
public static class CommerceErrors
{
    public static readonly CommerceError InvalidProperty = new("3000", "Invalid property.", ErrorKind.BadInput);
    public static readonly CommerceError InvalidInput = new("800002", "Invalid request input.", ErrorKind.BadInput);
    public static readonly CommerceError EnumNotParsed = new("900126", "The value could not be parsed.", ErrorKind.BadInput);
    public static readonly CommerceError NotAuthenticated = new("800001", "The partner token is missing, expired or invalid.", ErrorKind.Unauthorized);
    public static readonly CommerceError AccessDenied = new("2032", "Access denied.", ErrorKind.Forbidden);
    public static readonly CommerceError RoleLacksRights = new("900150", "The signed-in user's role does not allow this operation.", ErrorKind.Forbidden);
    public static readonly CommerceError NotFound = new("1000", "The requested resource was not found.", ErrorKind.NotFound);
    public static readonly CommerceError CustomerNotFound = new("60003", "Customer (tenant) not found.", ErrorKind.NotFound);
    public static readonly CommerceError DomainAlreadyExists = new("3000", "The domain is already in use.", ErrorKind.Conflict);
    public static readonly CommerceError NoCommerceRelationship = new("20002", "The partner has no commerce relationship with the customer.", ErrorKind.Forbidden);
    public static readonly CommerceError NoCommerceRelationshipEntitlement = new("900159", "The partner has no commerce relationship with the customer.", ErrorKind.Forbidden);
    public static readonly CommerceError RelationshipRemovalBlocked = new("800096", "The reseller relationship can't be removed while the customer has active subscriptions.", ErrorKind.BadInput);
    public static readonly CommerceError AgreementAlreadyExists = new("600061", "A partner confirmed agreement already exists for the customer.", ErrorKind.Conflict);
    public static readonly CommerceError McaNotAccepted = new("13605", "Either a partner confirmation of the Microsoft Customer Agreement must be provided or the customer must accept the Microsoft Customer Agreement in the Microsoft Admin Center before you can complete this purchase.", ErrorKind.Forbidden);
    public static readonly CommerceError NotOnboardedInCountry = new("2030", "The partner is not onboarded to sell in the customer's country/region.", ErrorKind.Forbidden);
    public static readonly CommerceError OfferNotAvailableInCountry = new("800070", "The offer is not available in the customer's country/region.", ErrorKind.BadInput);
    public static readonly CommerceError ProductNotFound = new("400013", "Product not found.", ErrorKind.NotFound);
    public static readonly CommerceError SkuNotFound = new("400018", "SKU not found.", ErrorKind.NotFound);
    public static readonly CommerceError AvailabilityNotFound = new("400019", "Availability not found.", ErrorKind.NotFound);
    public static readonly CommerceError OrderNotFound = new("20000", "Order not found.", ErrorKind.NotFound);
    public static readonly CommerceError CartNotFound = new("800008", "Cart not found.", ErrorKind.NotFound);
    public static readonly CommerceError CartItemError = new("800009", "Error in cart item(s).", ErrorKind.BadInput);
    public static readonly CommerceError CartAlreadySubmitted = new("800065", "The cart has already been submitted.", ErrorKind.BadInput);
    public static readonly CommerceError CartBeingProcessed = new("800064", "The cart is being processed by another request.", ErrorKind.Conflict);
    public static readonly CommerceError PlanAlreadyExists = new("800066", "The customer already has an Azure plan with this partner of record.", ErrorKind.Forbidden);
    public static readonly CommerceError SubscriptionNotFound = new("20003", "Subscription not found.", ErrorKind.NotFound);
    public static readonly CommerceError PlanHasActiveAzureSubscriptions = new("900115", "The Azure plan can't be suspended while it has active Azure subscriptions.", ErrorKind.Forbidden);
    public static readonly CommerceError SubscriptionSuspended = new("800091", "A suspended subscription can't be updated.", ErrorKind.BadInput);
    public static readonly CommerceError StatusChangeNotAllowed = new("800096", "This status change is not allowed.", ErrorKind.BadInput);
    public static readonly CommerceError UpdateNotAllowed = new("2006", "Updates to this property are not allowed for this offer.", ErrorKind.BadInput);
    public static readonly CommerceError EtagInvalid = new("2055", "Etag is no longer valid.", ErrorKind.BadInput);
    public static readonly CommerceError EntitlementNotFound = new("800111", "Azure entitlement not found.", ErrorKind.NotFound);
    public static readonly CommerceError InvalidCancellationReason = new("900307", "Invalid cancellation reason.", ErrorKind.BadInput);
    public static readonly CommerceError ReactivateNoPermission = new("900335", "No permission to reactivate the Azure subscription.", ErrorKind.Forbidden);
    public static readonly CommerceError CannotReactivate = new("900337", "The Azure subscription can't be reactivated.", ErrorKind.BadInput);
    public static readonly CommerceError PlanNotActive = new("900318", "The Azure plan was not found or is not active.", ErrorKind.BadInput);
    public static readonly CommerceError RequestTooLarge = new("800002", "The request body is larger than the limit.", ErrorKind.BadInput);
    public static readonly CommerceError ServerBusy = new("800003", "The service is busy (a long write such as a month close is in progress); retry the request shortly.", ErrorKind.Busy);
    public static readonly CommerceError PeriodStillOpen = new("800002", "The billing period is still open: it closes at its grace time after month end.", ErrorKind.BadInput);
}
