using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.Gateway.Security;

/// <summary>
/// Hashes for stored secrets; the clear secret is never stored or logged. Two formats:
/// <c>pbkdf2-sha256$iterations$salt$hash</c> for passwords and client secrets (slow, salted), and
/// <c>sha256$hash</c> for generated high-entropy bearer tokens, which may be looked up by their hash.
/// Comparisons are constant time.
/// </summary>
public static class SecretHasher
{
    public const int DefaultIterations = 100_000;
    private const string Pbkdf2Prefix = "pbkdf2-sha256";
    private const string Sha256Prefix = "sha256";
    private const int HashBytes = 32;

    public static string HashPassword(string secret, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Pbkdf2Prefix, iterations.ToString(CultureInfo.InvariantCulture), Base64Url.EncodeToString(salt), Base64Url.EncodeToString(hash));
    }

    public static string HashToken(string token) => $"{Sha256Prefix}${Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}";

    /// <summary>Whether <paramref name="stored"/> is a hash this class can verify.</summary>
    public static bool IsValid(string? stored) => stored is not null && Parse(stored) is not null;

    public static bool IsTokenHash(string? stored) => stored is not null && Parse(stored) is { Iterations: 0 };

    /// <summary>Whether <paramref name="stored"/> is a PBKDF2 hash (a password or client secret), whose verification is slow.</summary>
    public static bool IsPasswordHash(string? stored) => stored is not null && Parse(stored) is { Iterations: > 0 };

    public static bool Verify(string secret, string stored)
    {
        if (Parse(stored) is not { } parsed)
        {
            return false;
        }

        var presented = parsed.Iterations == 0
            ? SHA256.HashData(Encoding.UTF8.GetBytes(secret))
            : Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), parsed.Salt, parsed.Iterations, HashAlgorithmName.SHA256, parsed.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(presented, parsed.Hash);
    }

    private static (int Iterations, byte[] Salt, byte[] Hash)? Parse(string stored)
    {
        var parts = stored.Split('$');
        try
        {
            return parts switch
            {
                [Pbkdf2Prefix, var iterations, var salt, var hash] when int.TryParse(iterations, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 =>
                    (n, Base64Url.DecodeFromChars(salt), Base64Url.DecodeFromChars(hash)),
                [Sha256Prefix, var hash] => (0, [], Base64Url.DecodeFromChars(hash)),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
