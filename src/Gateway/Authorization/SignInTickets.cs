using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Replay;
using DeferredOrleans.Core.Crypto;

namespace DeferredOrleans.Gateway.Authorization;

/// <summary>
/// Proof, between the sign-in form and the consent form, that a user signed in for exactly this authorization
/// request: sealed under the server's key, bound to the request's parameters, valid for five minutes, and good for
/// one consent only (its id is remembered durably until it expires). No cookie.
/// </summary>
public static class SignInTickets
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public static string Issue(byte[] key, string user, string requestDigest, DateTimeOffset now) =>
        Convert.ToBase64String(Sealer.Seal(key, JsonSerializer.SerializeToUtf8Bytes(new Ticket(
            user, requestDigest, now.ToUnixTimeSeconds(), (now + Lifetime).ToUnixTimeSeconds(), Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16))))));

    /// <summary>The sign-in the ticket proves, or null when it is forged, expired, or for another request.</summary>
    public static SignIn? Read(byte[] key, string? ticket, string requestDigest, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(ticket))
        {
            return null;
        }

        try
        {
            if (Sealer.Unseal(key, Convert.FromBase64String(ticket)) is not { } plaintext ||
                JsonSerializer.Deserialize<Ticket>(plaintext) is not { Id.Length: > 0 } read ||
                read.Request != requestDigest || now.ToUnixTimeSeconds() >= read.Expires)
            {
                return null;
            }

            return new SignIn(read.User, DateTimeOffset.FromUnixTimeSeconds(read.AuthTime), read.Id, DateTimeOffset.FromUnixTimeSeconds(read.Expires));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Spends the ticket: true the first time, false for a replay, which must not give another code (RFC 6749 §10.5:
    /// codes are short-lived and single use; a consent that could be replayed would mint them at will).
    /// </summary>
    public static Task<bool> TryUseAsync(IGrainFactory grains, SignIn signIn) =>
        grains.GetGrain<IReplayGuardGrain>($"{GrainKeys.DurableReplayPrefix}consent/{signIn.Id[..2]}").TryUseAsync(signIn.Id, signIn.ExpiresAt);

    /// <summary>A user's sign-in for one authorization request.</summary>
    /// <param name="User">The directory user.</param>
    /// <param name="AuthTime">When they signed in.</param>
    /// <param name="Id">The ticket's random id.</param>
    /// <param name="ExpiresAt">When the ticket expires.</param>
    public sealed record SignIn(string User, DateTimeOffset AuthTime, string Id, DateTimeOffset ExpiresAt);

    private sealed record Ticket(string User, string Request, long AuthTime, long Expires, string? Id);
}
