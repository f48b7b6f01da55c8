using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using PlanCenter.Api.Contracts;
using PlanCenter.Api.Errors;
using PlanCenter.Api.Identity;
using PlanCenter.Application.Abstractions;
using PlanCenter.Application.Customers;
using PlanCenter.Domain.Customers;
using PlanCenter.Domain.Partners;
using PlanCenter.Domain.Primitives;

namespace PlanCenter.Api.Endpoints;

/// <summary>Customers, their profiles, relationship requests, address and domain checks (api.md §4).</summary>
public static class CustomersEndpoints
{
    /// <summary>Page size when the client sends none or 0.</summary>
    public const int DefaultPageSize = 40;
    public const int MaxPageSize = 500;

    public static RouteGroupBuilder MapCustomers(this RouteGroupBuilder v1)
    {
        v1.MapPost("/customers", CreateAsync);
        v1.MapGet("/customers", ListAsync);
        v1.MapGet("/customers/relationshiprequests", RelationshipRequest);
        v1.MapGet("/customers/{customerId}", GetAsync);
        v1.MapPatch("/customers/{customerId}", PatchAsync);
        v1.MapGet("/customers/{customerId}/profiles/company", async (string customerId, HttpContext http, CustomerUseCases customers, CancellationToken ct) =>
            TypedResults.Ok(WireMapping.CompanyProfile(await customers.GetAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), ct))));
        v1.MapGet("/customers/{customerId}/profiles/billing", async (string customerId, HttpContext http, CustomerUseCases customers, CancellationToken ct) =>
            TypedResults.Ok(WireMapping.BillingProfile(await customers.GetAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), ct))));
        v1.MapPut("/customers/{customerId}/profiles/billing", UpdateBillingProfileAsync);
        v1.MapPost("/validations/address", ValidateAddress);
        v1.MapMethods("/domains/{domain}", [HttpMethods.Head, HttpMethods.Get], DomainExistsAsync);
        v1.MapGet("/validations/checkdomainavailability/{domainPrefix}", async (string domainPrefix, ICommerceStore store, CancellationToken ct) =>
            TypedResults.Json(!await store.DomainExistsAsync(DomainOf(domainPrefix), ct), WireJson.Options));
        return v1;
    }

    private static async Task<Created<CustomerDto>> CreateAsync(CustomerDto? body, HttpContext http, CustomerUseCases customers, CancellationToken ct)
    {
        var dto = WireInput.Body(body);
        var company = dto.CompanyProfile ?? throw ApiFaultException.InvalidField("companyProfile", "is required.");
        var domain = WireInput.Required(company.Domain, "companyProfile.domain");
        var request = new CreateCustomerRequest(DomainOf(domain), company.OrganizationRegistrationNumber, WireInput.BillingProfile(dto.BillingProfile, "billingProfile"));
        var customer = await customers.CreateAsync(http.GetCaller(), request, ct);
        var credentials = new UserCredentialsDto($"admin@{customer.Domain}", Convert.ToBase64String(Guid.NewGuid().ToByteArray())[..16]);
        return TypedResults.Created($"/v1/customers/{customer.Id}", WireMapping.Customer(customer, credentials: credentials));
    }

    /// <summary>A bare prefix becomes a <c>.onmicrosoft.com</c> domain, as Partner Center does.</summary>
    private static string DomainOf(string domain)
    {
        var trimmed = domain.Trim().ToLowerInvariant();
        if (trimmed.Length == 0 || trimmed.Length > 253 || trimmed.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            throw ApiFaultException.InvalidField("companyProfile.domain", $"'{domain}' is not a valid domain name.");
        }

        return trimmed.Contains('.', StringComparison.Ordinal) ? trimmed : trimmed + ".onmicrosoft.com";
    }

    private static async Task<Ok<CustomerDto>> GetAsync(string customerId, HttpContext http, CustomerUseCases customers, CancellationToken ct) =>
        TypedResults.Ok(WireMapping.Customer(await customers.GetAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), ct)));

    private static async Task<Ok<Collection<CustomerDto>>> ListAsync(HttpContext http, CustomerUseCases customers, CancellationToken ct)
    {
        var query = http.Request.Query;
        var size = ParseSize(query["size"].FirstOrDefault());
        var (field, prefix) = ParseFilter(query["filter"].FirstOrDefault());
        CustomerSeekKey? after = null;
        var seek = query["seekOperation"].FirstOrDefault();
        if (!string.IsNullOrEmpty(seek))
        {
            if (!string.Equals(seek, "Next", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiFaultException.InvalidField("seekOperation", $"'{seek}' is not supported; use Next with the MS-ContinuationToken header.");
            }

            after = DecodeToken(http.Request.Headers["MS-ContinuationToken"].FirstOrDefault());
        }

        var page = await customers.ListAsync(http.GetCaller(), new CustomerQuery(size, field, prefix, after), ct);
        var selfQuery = http.Request.QueryString.Value ?? "";
        var collection = new Collection<CustomerDto>([.. page.Items.Select(c => WireMapping.Customer(c, full: false))])
        {
            Links = new CollectionLinks(new Link("/customers" + selfQuery)),
        };
        if (page.Next is { } next)
        {
            var token = EncodeToken(next);
            var nextQuery = $"?size={size}" + (query.ContainsKey("filter") ? "&filter=" + Uri.EscapeDataString(query["filter"].FirstOrDefault() ?? "") : "") + "&seekOperation=Next";
            collection = collection with
            {
                ContinuationToken = token,
                Links = collection.Links! with { Next = new Link("/customers" + nextQuery) { Headers = [new LinkHeader("MS-ContinuationToken", token)] } },
            };
        }

        return TypedResults.Ok(collection);
    }

    private static int ParseSize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return DefaultPageSize;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size > MaxPageSize)
        {
            throw ApiFaultException.InvalidField("size", $"'{text}' must be a whole number from 0 to {MaxPageSize}.");
        }

        return size == 0 ? DefaultPageSize : size;
    }

    private static (CustomerSearchField? Field, string? Prefix) ParseFilter(string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(filter);
            string? Get(string name) => json.RootElement.EnumerateObject()
                .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
            var fieldText = Get("Field");
            var op = Get("Operator");
            var value = Get("Value");
            if (!string.Equals(op?.Replace("_", "", StringComparison.Ordinal), "startswith", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiFaultException.InvalidField("filter.Operator", $"'{op}' is not supported; customers support starts_with.");
            }

            var field = fieldText?.ToLowerInvariant() switch
            {
                "companyname" => CustomerSearchField.CompanyName,
                "domain" => CustomerSearchField.Domain,
                _ => throw ApiFaultException.InvalidField("filter.Field", $"'{fieldText}' is not supported; use CompanyName or Domain."),
            };
            return (field, WireInput.Required(value, "filter.Value"));
        }
        catch (JsonException)
        {
            throw ApiFaultException.InvalidField("filter", "is not a JSON filter object.");
        }
    }

    private static string EncodeToken(CustomerSeekKey key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{key.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{key.Domain}"));

    private static CustomerSeekKey DecodeToken(string? token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token ?? throw new FormatException()));
            var separator = text.IndexOf('|', StringComparison.Ordinal);
            var ticks = long.Parse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture);
            return new CustomerSeekKey(new DateTimeOffset(ticks, TimeSpan.Zero), text[(separator + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw ApiFaultException.InvalidField("MS-ContinuationToken", "is missing or not a token this server issued.");
        }
    }

    private static async Task<Ok<CustomerDto>> PatchAsync(string customerId, CustomerDto? body, HttpContext http, CustomerUseCases customers, CancellationToken ct)
    {
        var dto = WireInput.Body(body);
        if (dto.RelationshipToPartner != CustomerRelationship.None)
        {
            throw ApiFaultException.InvalidField("relationshipToPartner", "only 'none' (remove the reseller relationship) can be set.");
        }

        var customer = await customers.RemoveRelationshipAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), ct);
        return TypedResults.Ok(WireMapping.Customer(customer));
    }

    private static async Task<Ok<BillingProfileDto>> UpdateBillingProfileAsync(string customerId, BillingProfileDto? body, HttpContext http, CustomerUseCases customers, CancellationToken ct)
    {
        var dto = WireInput.Body(body);
        var profile = WireInput.BillingProfile(dto, "billingProfile");
        var version = WireInput.Etag(dto.Attributes?.Etag, http.Request.Headers.IfMatch.FirstOrDefault());
        var customer = await customers.UpdateBillingProfileAsync(http.GetCaller(), WireInput.Id<CustomerId>(customerId, "customerId"), profile, version, ct);
        return TypedResults.Ok(WireMapping.BillingProfile(customer));
    }

    private static Ok<RelationshipRequestDto> RelationshipRequest(HttpContext http)
    {
        var caller = http.GetCaller();
        PermissionMatrix.Demand(caller, PartnerOperation.RequestRelationship);
        var url = $"{http.Request.Scheme}://{http.Request.Host}/invitations/reseller?partnerId={caller.PartnerId}&invType=ResellerRelationship&msppId=0&DAP=false";
        return TypedResults.Ok(new RelationshipRequestDto(url));
    }

    private static Ok<AddressValidationResponseDto> ValidateAddress(AddressDto? body)
    {
        var dto = WireInput.Body(body);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(dto.Country) || dto.Country.Trim().Length != 2)
        {
            problems.Add("country must be an ISO 3166 two-letter code");
        }

        if (string.IsNullOrWhiteSpace(dto.AddressLine1))
        {
            problems.Add("addressLine1 is required");
        }

        if (string.IsNullOrWhiteSpace(dto.City))
        {
            problems.Add("city is required");
        }

        var country = dto.Country?.Trim().ToUpperInvariant();
        if (country is "US" or "CA" or "CN" or "MX" && (dto.State?.Trim().Length ?? 0) is < 2 or > 3)
        {
            problems.Add("state must be the 2-letter state or province code");
        }

        if (country is "US" && !(dto.PostalCode?.Trim() is { } zip && System.Text.RegularExpressions.Regex.IsMatch(zip, @"^\d{5}(-\d{4})?$")))
        {
            problems.Add("postalCode must be a 5-digit ZIP code");
        }

        var status = problems.Count == 0 ? "Verified" : "NotValidated";
        return TypedResults.Ok(new AddressValidationResponseDto(dto, problems.Count == 0 ? [dto] : [], status, problems.Count == 0 ? null : string.Join("; ", problems)));
    }

    private static async Task<IResult> DomainExistsAsync(string domain, ICommerceStore store, CancellationToken ct) =>
        await store.DomainExistsAsync(DomainOf(domain), ct) ? Results.Ok() : Results.NotFound();
}
