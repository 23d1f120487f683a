using DeferredOrleans.Gateway.Jose;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Replay;
using DeferredOrleans.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// <c>private_key_jwt</c> client authentication (RFC 7523 §2.2 and §3; OpenID Connect Core 1.0 §9): a JWT that the
/// client signed with one of its registered keys, with <c>iss</c> and <c>sub</c> its client id, <c>aud</c> this
/// server (the issuer identifier or the token endpoint's URL, as most servers accept), a short life, and a
/// <c>jti</c> that is used once: it is remembered durably until the assertion expires.
/// </summary>
public sealed class ClientAssertions(ClientKeySets keySets, IGrainFactory grains, IOptions<ServerOptions> server, TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /// <summary>What <c>token_endpoint_auth_signing_alg_values_supported</c> advertises; nothing else is verified.</summary>
    public static readonly string[] Algorithms = ["ES256", "PS256", "RS256"];

    /// <summary>The longest life accepted, from <c>iat</c> (or now) to <c>exp</c>: an assertion is made for one request.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private const int MaxLength = 8192;

    /// <summary>The client id an assertion claims (its <c>sub</c>, else its <c>iss</c>), unverified: only to find the client.</summary>
    public static string? ClaimedClient(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3 || assertion.Length > MaxLength)
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var root = payload.RootElement;
            return root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString()
                : root.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String ? iss.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="assertion"/> authenticates <paramref name="client"/>; a valid one is spent.</summary>
    public async Task<bool> VerifyAsync(ClientRegistration client, string assertion, CancellationToken cancellationToken)
    {
        if (assertion.Length > MaxLength || !UsesAllowedAlgorithm(assertion))
        {
            return false;
        }

        // Keys at a jwks_uri may have rotated since they were cached: read them again once before refusing.
        var claims = (await keySets.GetAsync(client, refresh: false, cancellationToken))?.Verify(assertion)
            ?? (client.JwksUri is null ? null : (await keySets.GetAsync(client, refresh: true, cancellationToken))?.Verify(assertion));
        if (claims is not { } verified || Check(verified, client.ClientId) is not { } valid)
        {
            return false;
        }

        var replayKey = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{client.ClientId}\n{valid.Jti}")));
        return await grains.GetGrain<IReplayGuardGrain>($"{GrainKeys.DurableReplayPrefix}client-assertion/{replayKey[..2]}").TryUseAsync(replayKey, valid.ExpiresAt + Skew);
    }

    private static bool UsesAllowedAlgorithm(string assertion)
    {
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(assertion.AsSpan(0, Math.Max(0, assertion.IndexOf('.')))));
            return header.RootElement.ValueKind == JsonValueKind.Object && header.RootElement.TryGetProperty("alg", out var alg) &&
                alg.ValueKind == JsonValueKind.String && Algorithms.Contains(alg.GetString(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>RFC 7523 §3: iss and sub the client, aud this server, exp soon, nbf and iat not in the future, a jti.</summary>
    private Valid? Check(JsonElement claims, string clientId)
    {
        var now = time.GetUtcNow();
        var audiences = claims.TryGetProperty("aud", out var aud)
            ? aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : null).ToList()
            : aud.ValueKind == JsonValueKind.String ? [aud.GetString()] : []
            : [];
        if (Text(claims, "iss") != clientId || Text(claims, "sub") != clientId || !ServerAudience.IsNamedIn(audiences, server.Value) ||
            Text(claims, "jti") is not { Length: > 0 and <= 256 } jti || Time(claims, "exp") is not { } expires)
        {
            return null;
        }

        var issued = Time(claims, "iat");
        var notBefore = Time(claims, "nbf");
        var valid = expires > now - Skew && expires - (issued ?? now) <= MaxLifetime + Skew && !(issued > now + Skew) && !(notBefore > now + Skew);
        return valid ? new Valid(jti, expires) : null;
    }

    private static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) &&
        seconds is > 0 and < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    private sealed record Valid(string Jti, DateTimeOffset ExpiresAt);
}
