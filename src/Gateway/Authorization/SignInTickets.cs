using System.Text.Json;
using DeferredOrleans.Core.Crypto;

namespace DeferredOrleans.Gateway.Authorization;

/// <summary>
/// Proof, between the sign-in form and the consent form, that a user signed in for exactly this authorization
/// request: sealed under the server's key, bound to the request's parameters, valid for five minutes. No cookie.
/// </summary>
public static class SignInTickets
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string Issue(byte[] key, string user, string requestDigest, DateTimeOffset now) =>
        Convert.ToBase64String(Sealer.Seal(key, JsonSerializer.SerializeToUtf8Bytes(new Ticket(user, requestDigest, now.ToUnixTimeSeconds(), (now + Lifetime).ToUnixTimeSeconds()))));

    /// <summary>The user and sign-in time, or null when the ticket is forged, expired, or for another request.</summary>
    public static (string User, DateTimeOffset AuthTime)? Read(byte[] key, string? ticket, string requestDigest, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        try
        {
            if (Sealer.Unseal(key, Convert.FromBase64String(ticket)) is not { } plaintext ||
                JsonSerializer.Deserialize<Ticket>(plaintext) is not { } read ||
                read.Request != requestDigest || now.ToUnixTimeSeconds() >= read.Expires)
            {
                return null;
            }

            return (read.User, DateTimeOffset.FromUnixTimeSeconds(read.AuthTime));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private sealed record Ticket(string User, string Request, long AuthTime, long Expires);
}
