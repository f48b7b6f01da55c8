using PlanCenter.Api.Contracts;
using PlanCenter.Domain.Agreements;
using PlanCenter.Domain.Catalog;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Orders;
using PlanCenter.Domain.Plans;

namespace PlanCenter.Api.Endpoints;

/// <summary>Domain → wire. Links are relative and without <c>/v1</c>, as Partner Center writes them.</summary>
public static class WireMapping
{
    /// <summary>Unset "no end" commitment dates as Partner Center writes them.</summary>
    private static readonly DateTimeOffset NoEnd = new(9999, 12, 10, 0, 0, 0, TimeSpan.Zero);

    private static Link Self(string uri) => new(uri);

    public static AddressDto ToDto(Address address) => new()
    {
        Country = address.Country,
        Region = address.Region,
        City = address.City,
        State = address.State,
        AddressLine1 = address.AddressLine1,
        AddressLine2 = address.AddressLine2,
        AddressLine3 = address.AddressLine3,
        PostalCode = address.PostalCode,
        FirstName = address.FirstName,
        MiddleName = address.MiddleName,
        LastName = address.LastName,
        PhoneNumber = address.PhoneNumber,
    };

    public static CompanyProfileDto CompanyProfile(Customer customer) => new()
    {
        TenantId = customer.Id.ToString(),
        Domain = customer.Domain,
        CompanyName = customer.CompanyName,
        OrganizationRegistrationNumber = customer.OrganizationRegistrationNumber,
        Address = ToDto(customer.BillingProfile.DefaultAddress),
        Email = customer.BillingProfile.Email,
        Links = new ResourceLinksDto { Self = Self($"/customers/{customer.Id}/profiles/company") },
        Attributes = new ResourceAttributes("CustomerCompanyProfile"),
    };

    public static BillingProfileDto BillingProfile(Customer customer)
    {
        var profile = customer.BillingProfile;
        return new BillingProfileDto
        {
            Id = profile.Id.ToString("D"),
            FirstName = profile.FirstName,
            LastName = profile.LastName,
            Email = profile.Email,
            Culture = profile.Culture,
            Language = profile.Language,
            CompanyName = profile.CompanyName,
            DefaultAddress = ToDto(profile.DefaultAddress),
            Links = new ResourceLinksDto { Self = Self($"/customers/{customer.Id}/profiles/billing") },
            Attributes = new ResourceAttributes("CustomerBillingProfile", profile.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>The full customer; list items leave out the billing profile as Partner Center does.</summary>
    public static CustomerDto Customer(Customer customer, bool full = true, UserCredentialsDto? credentials = null) => new()
    {
        Id = customer.Id.ToString(),
        CommerceId = customer.CommerceId.ToString("D"),
        CompanyProfile = CompanyProfile(customer) with { Address = full ? ToDto(customer.BillingProfile.DefaultAddress) : null, Email = full ? customer.BillingProfile.Email : null },
        BillingProfile = full ? BillingProfile(customer) : null,
        RelationshipToPartner = customer.Relationship,
        AllowDelegatedAccess = full ? true : null,
        UserCredentials = credentials,
        CustomDomains = full ? [] : null,
        Links = new ResourceLinksDto { Self = Self($"/customers/{customer.Id}") },
        Attributes = new ResourceAttributes("Customer"),
    };

    public static AgreementMetaDataDto AgreementMetaData(AgreementTemplate template) =>
        new(template.TemplateId, template.AgreementType, template.AgreementLink, template.VersionRank);

    public static AgreementDto Agreement(CustomerAgreement agreement) => new()
    {
        UserId = agreement.UserId.ToString(),
        PrimaryContact = new AgreementContactDto
        {
            FirstName = agreement.FirstName,
            LastName = agreement.LastName,
            Email = agreement.Email,
            PhoneNumber = agreement.PhoneNumber,
        },
        TemplateId = agreement.TemplateId,
        DateAgreed = agreement.DateAgreed,
        Type = agreement.Type,
        AgreementLink = agreement.AgreementLink,
        Attributes = new ResourceAttributes("Agreement"),
    };

    public static ProductDto Product(string country) => new(
        AzurePlanCatalog.ProductId,
        AzurePlanCatalog.ProductTitle,
        AzurePlanCatalog.ProductDescription,
        new ItemTypeDto("Azure", "Azure", new ItemTypeDto("Azure", "Azure")),
        IsMicrosoftProduct: true,
        AzurePlanCatalog.PublisherName,
        new ResourceLinksDto
        {
            Skus = Self($"/products/{AzurePlanCatalog.ProductId}/skus?country={country}"),
            Self = Self($"/products/{AzurePlanCatalog.ProductId}?country={country}"),
        });

    public static SkuDto Sku(string country) => new(
        AzurePlanCatalog.SkuId,
        AzurePlanCatalog.ProductId,
        AzurePlanCatalog.SkuTitle,
        AzurePlanCatalog.SkuDescription,
        MinimumQuantity: 1,
        MaximumQuantity: 1,
        IsTrial: false,
        [BillingCycle.OneTime],
        [AzurePlanCatalog.PurchasePrerequisite],
        [],
        [],
        ["Refund"],
        new Dictionary<string, object> { ["isMicrosoftProduct"] = true, ["pilotProgram"] = "modernazurepilot" },
        new ResourceLinksDto
        {
            Availabilities = Self($"/products/{AzurePlanCatalog.ProductId}/skus/{AzurePlanCatalog.SkuId}/availabilities?country={country}"),
            Self = Self($"/products/{AzurePlanCatalog.ProductId}/skus/{AzurePlanCatalog.SkuId}?country={country}"),
        });

    public static AvailabilityDto Availability(AzurePlanMarket market) => new(
        market.AvailabilityId,
        AzurePlanCatalog.ProductId,
        AzurePlanCatalog.SkuId,
        AzurePlanCatalog.CatalogItemId(market),
        new CurrencyInfoDto(market.Currency, CurrencySymbols.Of(market.Currency)),
        "commercial",
        market.Country,
        IsPurchasable: true,
        IsRenewable: false,
        [],
        Product(market.Country),
        Sku(market.Country),
        new ResourceLinksDto
        {
            Self = Self($"/products/{AzurePlanCatalog.ProductId}/skus/{AzurePlanCatalog.SkuId}/availabilities/{market.AvailabilityId}?country={market.Country}"),
        });

    public static CartDto Cart(Cart cart) => new()
    {
        Id = cart.Id.ToString(),
        CreationTimestamp = cart.CreatedAt,
        LastModifiedTimestamp = cart.LastModifiedAt,
        ExpirationTimestamp = cart.ExpiresAt,
        LastModifiedUser = cart.LastModifiedUser.ToString(),
        LineItems = [.. cart.LineItems.Select(line => new CartLineItemDto
        {
            Id = line.Index,
            CatalogItemId = line.CatalogItemId,
            FriendlyName = line.FriendlyName,
            Quantity = line.Quantity,
            CurrencyCode = line.CurrencyCode,
            BillingCycle = line.BillingCycle,
            TermDuration = line.TermDuration,
            Participants = [.. line.Participants.Select(p => new KeyValueDto { Key = p.Key, Value = p.Value })],
            OrderGroup = line.OrderGroup,
            Error = line.ErrorCode is { } code ? new CartErrorDto(code, line.ErrorDescription ?? "") : null,
        })],
        Status = cart.Status.ToString(),
        Links = new ResourceLinksDto { Self = Self($"/customers/{cart.CustomerId}/carts/{cart.Id}") },
        Attributes = new ResourceAttributes("Cart"),
    };

    public static OrderDto Order(Order order) => new(
        order.Id.ToString(),
        order.Id.Value.ToString("N")[..12],
        order.CustomerId.ToString(),
        BillingCycle.OneTime,
        order.CurrencyCode,
        CurrencySymbols.Of(order.CurrencyCode),
        [.. order.LineItems.Select(line => new OrderLineItemDto(
            line.LineItemNumber, line.OfferId, line.SubscriptionId.ToString(), line.FriendlyName, line.Quantity, line.PartnerIdOnRecord, "New",
            new ResourceLinksDto
            {
                Subscription = Self($"/customers/{order.CustomerId}/subscriptions/{line.SubscriptionId}"),
                Product = Self($"/products/{AzurePlanCatalog.ProductId}"),
                Sku = Self($"/products/{AzurePlanCatalog.ProductId}/skus/{AzurePlanCatalog.SkuId}"),
            }))],
        order.CreatedAt,
        "completed",
        "UserPurchase",
        new ResourceLinksDto
        {
            Self = Self($"/customers/{order.CustomerId}/orders/{order.Id}"),
            ProvisioningStatus = Self($"/customers/{order.CustomerId}/orders/{order.Id}/provisioningstatus"),
        },
        new ResourceAttributes("Order", "1"));

    public static SubscriptionDto Subscription(AzurePlan plan) => new()
    {
        Id = plan.Id.ToString(),
        EntitlementId = plan.Id.ToString(),
        OfferId = plan.OfferId,
        OfferName = AzurePlanCatalog.OfferName,
        FriendlyName = plan.FriendlyName,
        ProductType = new ItemTypeDto("Azure", "Azure"),
        Quantity = 1,
        UnitType = "Usage-based",
        CreationDate = plan.CreatedAt,
        EffectiveStartDate = plan.CreatedAt,
        CommitmentEndDate = NoEnd,
        Status = plan.Status,
        AutoRenewEnabled = false,
        BillingType = "usage",
        BillingCycle = BillingCycle.OneTime,
        HasPurchasableAddons = false,
        IsTrial = false,
        IsMicrosoftProduct = true,
        PublisherName = AzurePlanCatalog.PublisherName,
        Actions = plan.Status == PlanStatus.Active ? ["edit", "suspend"] : ["edit", "reactivate"],
        PartnerId = plan.PartnerIdOnRecord,
        SuspensionReasons = plan.Status == PlanStatus.Suspended ? ["PartnerInitiated"] : [],
        ContractType = "subscription",
        OrderId = plan.OrderId.ToString(),
        Links = new ResourceLinksDto
        {
            Product = Self($"/products/{AzurePlanCatalog.ProductId}"),
            Sku = Self($"/products/{AzurePlanCatalog.ProductId}/skus/{AzurePlanCatalog.SkuId}"),
            Self = Self($"/customers/{plan.CustomerId}/subscriptions/{plan.Id}"),
        },
        Attributes = new ResourceAttributes("Subscription", plan.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    };

    public static AzureEntitlementDto Entitlement(AzureSubscription subscription) => new(
        subscription.Id.ToString(),
        subscription.FriendlyName,
        subscription.Status,
        subscription.PlanId.ToString(),
        new ResourceLinksDto { Self = Self($"/customers/{subscription.CustomerId}/subscriptions/{subscription.PlanId}/azureEntitlements/{subscription.Id}") });
}

/// <summary>Currency symbols for the billing currencies PlanCenter uses.</summary>
public static class CurrencySymbols
{
    public static string Of(string currency) => currency.ToUpperInvariant() switch
    {
        "USD" or "CAD" or "AUD" or "NZD" or "TWD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        "INR" => "₹",
        "KRW" => "₩",
        "BRL" => "R$",
        "CHF" => "CHF",
        "DKK" or "NOK" or "SEK" => "kr",
        _ => currency,
    };
}
