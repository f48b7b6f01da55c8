using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;

namespace PlanCenter.Api.Tests.Support;

/// <summary>The result of one call: status, headers and the parsed JSON body (null when empty).</summary>
public sealed record ApiResponse(HttpStatusCode Status, HttpResponseHeaders Headers, string Text)
{
    public JsonNode? Json => string.IsNullOrWhiteSpace(Text) ? null : JsonNode.Parse(Text);

    public JsonNode Body => Json ?? throw new InvalidOperationException("The response has no body.");

    /// <summary>Asserts an ApiFault with this status and code and returns its description.</summary>
    public string ShouldBeFault(HttpStatusCode status, string code)
    {
        Status.ShouldBe(status, Text);
        Body["code"]!.GetValue<string>().ShouldBe(code, Text);
        return Body["description"]!.GetValue<string>();
    }
}

/// <summary>
/// Sends requests the way the official .NET SDK does (sdk-wire.md): bearer token, JSON accept, a new
/// MS-RequestId per call (or the one given), a fixed MS-CorrelationId, the SDK's telemetry headers.
/// </summary>
public sealed class PartnerClient(HttpClient http, string token)
{
    public HttpClient Http { get; } = http;

    public Guid CorrelationId { get; } = Guid.NewGuid();

    public static async Task<string> GetUserTokenAsync(HttpClient client, string email)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = email,
            ["password"] = DemoWorld.Password,
            ["resource"] = "https://api.partnercenter.microsoft.com",
        });
        var response = await client.PostAsync("/oauth2/token", form);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["access_token"]!.GetValue<string>();
    }

    public static async Task<string> GetAppTokenAsync(HttpClient client, Guid clientId, string secret)
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId.ToString(),
            ["client_secret"] = secret,
        });
        var response = await client.PostAsync("/oauth2/token", form);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["access_token"]!.GetValue<string>();
    }

    public Task<ApiResponse> GetAsync(string path, IDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Get, path, null, headers);

    public Task<ApiResponse> PostAsync(string path, string? json, string? requestId = null) =>
        SendAsync(HttpMethod.Post, path, json, requestId is null ? null : new Dictionary<string, string> { ["MS-RequestId"] = requestId });

    public Task<ApiResponse> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json, null);

    public Task<ApiResponse> PatchAsync(string path, string json, IDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Patch, path, json, headers);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? json, IDictionary<string, string>? headers)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Add("MS-CorrelationId", CorrelationId.ToString());
        request.Headers.Add("X-Locale", "en-US");
        request.Headers.Add("MS-PartnerCenter-Client", "Partner Center .NET SDK");
        request.Headers.Add("MS-SdkVersion", "3.4.0.0");
        if (headers is null || !headers.ContainsKey("MS-RequestId"))
        {
            request.Headers.Add("MS-RequestId", Guid.NewGuid().ToString());
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await Http.SendAsync(request);
        return new ApiResponse(response.StatusCode, response.Headers, await response.Content.ReadAsStringAsync());
    }
}

/// <summary>Request bodies exactly as the SDK serialises them (sdk-wire.md), with the variable parts as parameters.</summary>
public static class SdkBodies
{
    public static string Customer(string domain, string country = "US", string city = "Redmond", string? state = "WA", string postalCode = "98052") =>
        "{\"Id\":null,\"CommerceId\":null,\"CompanyProfile\":{\"TenantId\":null,\"Domain\":\"" + domain + "\",\"CompanyName\":null,\"OrganizationRegistrationNumber\":null,\"Attributes\":{\"ObjectType\":\"CustomerCompanyProfile\"}},"
        + "\"BillingProfile\":{\"Id\":null,\"FirstName\":null,\"LastName\":null,\"Email\":\"admin@contoso.example\",\"Culture\":\"EN-US\",\"Language\":\"En\",\"CompanyName\":\"Contoso Example\",\"DefaultAddress\":{\"Country\":\"" + country
        + "\",\"Region\":null,\"City\":\"" + city + "\",\"State\":" + (state is null ? "null" : "\"" + state + "\"") + ",\"AddressLine1\":\"1 Microsoft Way\",\"AddressLine2\":null,\"PostalCode\":\"" + postalCode
        + "\",\"FirstName\":\"Ada\",\"MiddleName\":null,\"LastName\":\"Lovelace\",\"PhoneNumber\":\"4255550100\"},\"Attributes\":{\"ObjectType\":\"CustomerBillingProfile\"}},"
        + "\"RelationshipToPartner\":\"unknown\",\"AllowDelegatedAccess\":null,\"UserCredentials\":null,\"CustomDomains\":null,\"AssociatedPartnerId\":null,\"Attributes\":{\"ObjectType\":\"Customer\"}}";

    public const string McaTemplateFromCapture = "117a69f8-d3d7-46c6-8bd5-a6e0e82c7fa1";

    public static string Agreement(string templateId = McaTemplateFromCapture, string email = "ada@contoso.example", string dateAgreed = "2024-01-15T12:00:00Z") =>
        "{\"UserId\":null,\"PrimaryContact\":{\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\",\"Email\":\"" + email + "\",\"PhoneNumber\":\"4255550100\"},\"TemplateId\":\"" + templateId
        + "\",\"DateAgreed\":\"" + dateAgreed + "\",\"Type\":\"MicrosoftCustomerAgreement\",\"AgreementLink\":null}";

    public static string Cart(string catalogItemId = "DZH318Z0BPS6:0001:DZH318Z0BML6", int quantity = 1, string billingCycle = "one_time") =>
        "{\"Id\":null,\"CreationTimestamp\":null,\"LastModifiedTimestamp\":null,\"ExpirationTimestamp\":\"0001-01-01T00:00:00\",\"LastModifiedUser\":null,\"LineItems\":[{\"Id\":0,\"CatalogItemId\":\""
        + catalogItemId + "\",\"FriendlyName\":\"Azure plan\",\"Quantity\":" + quantity + ",\"CurrencyCode\":null,\"BillingCycle\":\"" + billingCycle
        + "\",\"TermDuration\":null,\"PromotionId\":null,\"Participants\":null,\"ProvisioningContext\":null,\"OrderGroup\":null,\"PurchaseSystem\":null,\"AddonItems\":null,\"RenewsTo\":null,\"Error\":null,\"CustomTermEndDate\":null,\"AttestationAccepted\":null}],"
        + "\"Status\":null,\"PartnerOnRecordAttestationAccepted\":null,\"Attributes\":{\"ObjectType\":\"Cart\"}}";

    public const string Checkout = "\"success\"";

    public static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..24] + ".onmicrosoft.com";
}
