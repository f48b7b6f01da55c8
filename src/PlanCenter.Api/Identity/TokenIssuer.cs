using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PlanCenter.Domain.Partners;

namespace PlanCenter.Api.Identity;

/// <summary>
/// Holds the instance's token signing key (created once and kept in the database) and issues JWTs shaped
/// like Azure AD v1 access tokens: <c>tid</c> = partner tenant, <c>oid</c> = user or application,
/// <c>roles</c> = the user's Partner Center roles, <c>scp</c> for app+user and <c>idtyp=app</c> for app-only.
/// </summary>
public sealed class TokenIssuer(Infrastructure.SandboxClock sandboxClock)
{
    public const string Issuer = "https://plancenter.local/";
    public const string PartnerCenterAudience = "https://api.partnercenter.microsoft.com";
    public const string GraphAudience = "https://graph.windows.net";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly TimeProvider _clock = sandboxClock.Wall;
    private SymmetricSecurityKey? _key;

    /// <summary>The signing key; set once at start-up from the stored secret.</summary>
    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key has not been loaded.");

    public void LoadKey(byte[] secret) => _key = new SymmetricSecurityKey(secret) { KeyId = "plancenter" };

    /// <summary>An app+user token for <paramref name="user"/>.</summary>
    public IssuedToken IssueForUser(PartnerUser user, Guid clientId, string? resource)
    {
        var claims = new List<Claim>
        {
            new("tid", user.PartnerId.ToString()),
            new("oid", user.Id.ToString()),
            new("upn", user.Email),
            new("unique_name", user.Email),
            new("name", user.DisplayName),
            new("appid", clientId.ToString("D")),
            new("scp", "user_impersonation"),
        };
        claims.AddRange(PartnerRoleNames.ToNames(user.Roles).Select(role => new Claim("roles", role)));
        return Issue(claims, resource ?? PartnerCenterAudience);
    }

    /// <summary>An app-only token for <paramref name="application"/>.</summary>
    public IssuedToken IssueForApplication(PartnerApplication application, string? resource)
    {
        var claims = new List<Claim>
        {
            new("tid", application.PartnerId.ToString()),
            new("oid", application.ClientId.ToString("D")),
            new("appid", application.ClientId.ToString("D")),
            new("idtyp", "app"),
        };
        return Issue(claims, resource ?? GraphAudience);
    }

    private IssuedToken Issue(List<Claim> claims, string audience)
    {
        var now = _clock.GetUtcNow();
        var expires = now + Lifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        };
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
        return new IssuedToken(token, audience, now, expires);
    }

    /// <summary>Validation rules matching <see cref="Issue"/>, with lifetimes judged by the wall clock.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = Issuer,
        ValidAudiences = [PartnerCenterAudience, GraphAudience, "00000002-0000-0000-c000-000000000000"],
        IssuerSigningKeyResolver = (_, _, _, _) => [Key],
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = _clock.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore <= now.AddMinutes(5)) && expires is not null && expires > now;
        },
        NameClaimType = "upn",
        RoleClaimType = "roles",
    };
}

/// <summary>An issued access token and its validity.</summary>
public sealed record IssuedToken(string AccessToken, string Audience, DateTimeOffset NotBefore, DateTimeOffset ExpiresOn);
