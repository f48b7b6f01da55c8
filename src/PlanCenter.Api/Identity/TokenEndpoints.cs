using PlanCenter.Application.Abstractions;
using PlanCenter.Application.Identity;

namespace PlanCenter.Api.Identity;

/// <summary>
/// <c>POST /oauth2/token</c> (also <c>/{tenant}/oauth2/token</c>), form-encoded like Azure AD v1:
/// <c>grant_type=password</c> (app+user; <c>username</c>, <c>password</c>, optional <c>client_id</c>) and
/// <c>grant_type=client_credentials</c> (app-only; <c>client_id</c>, <c>client_secret</c>).
/// Errors follow OAuth 2.0 (<c>error</c>, <c>error_description</c>), not ApiFault.
/// </summary>
public static class TokenEndpoints
{
    /// <summary>The public client id tools use for user sign-in when they have no registration.</summary>
    public static readonly Guid PublicClientId = Guid.Parse("04b07795-8ddb-461a-bbee-02f9e1bf7b46");

    public static IEndpointRouteBuilder MapTokenEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPost("/oauth2/token", IssueAsync).DisableAntiforgery().AllowAnonymous();
        app.MapPost("/{tenant}/oauth2/token", IssueAsync).DisableAntiforgery().AllowAnonymous();
        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext http, ICommerceStore store, TokenIssuer issuer, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Error("invalid_request", "The body must be application/x-www-form-urlencoded.");
        }

        var form = await http.Request.ReadFormAsync(ct);
        string? Field(string name) => form[name].FirstOrDefault()?.Trim();
        var resource = Field("resource") ?? ResourceFromScope(Field("scope"));
        switch (Field("grant_type")?.ToLowerInvariant())
        {
            case "password":
                {
                    var user = await store.FindUserByEmailAsync(Field("username") ?? "", ct);
                    if (user is null || !PasswordHashing.Verify(user.PasswordHash, Field("password") ?? ""))
                    {
                        return Error("invalid_grant", "The user name or password is incorrect.");
                    }

                    var clientId = PublicClientId;
                    if (Field("client_id") is { Length: > 0 } clientText)
                    {
                        if (!Guid.TryParse(clientText, out clientId))
                        {
                            return Error("invalid_client", "client_id is not a GUID.");
                        }

                        var application = await store.FindApplicationAsync(clientId, ct);
                        if (clientId != PublicClientId && (application is null || application.PartnerId != user.PartnerId))
                        {
                            return Error("unauthorized_client", "The application is not registered in the user's partner tenant.");
                        }
                    }

                    return Success(issuer.IssueForUser(user, clientId, resource));
                }

            case "client_credentials":
                {
                    if (!Guid.TryParse(Field("client_id"), out var clientId) || await store.FindApplicationAsync(clientId, ct) is not { } application
                        || !PasswordHashing.Verify(application.SecretHash, Field("client_secret") ?? ""))
                    {
                        return Error("invalid_client", "The client id or secret is incorrect.");
                    }

                    return Success(issuer.IssueForApplication(application, resource));
                }

            default:
                return Error("unsupported_grant_type", "grant_type must be password or client_credentials.");
        }
    }

    private static string? ResourceFromScope(string? scope)
    {
        var first = scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var slash = first.LastIndexOf('/');
        return slash > "https://".Length ? first[..slash] : first;
    }

    private static IResult Success(IssuedToken token)
    {
        var seconds = ((long)TokenIssuer.Lifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new Dictionary<string, string>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = seconds,
            ["ext_expires_in"] = seconds,
            ["expires_on"] = token.ExpiresOn.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["not_before"] = token.NotBefore.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["resource"] = token.Audience,
            ["access_token"] = token.AccessToken,
        });
    }

    private static IResult Error(string error, string description) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: StatusCodes.Status400BadRequest);
}
