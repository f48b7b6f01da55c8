using Microsoft.AspNetCore.Identity;

namespace PlanCenter.Application.Identity;

/// <summary>Salted PBKDF2 password and secret hashes (ASP.NET Core Identity's format).</summary>
public static class PasswordHashing
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Subject = new();

    public static string Hash(string secret) => Hasher.HashPassword(Subject, secret);

    public static bool Verify(string hash, string secret) =>
        Hasher.VerifyHashedPassword(Subject, hash, secret) != PasswordVerificationResult.Failed;
}
