using DeferredOrleans.Gateway.Jose;
using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using DeferredOrleans.Gateway.Configuration;
using DeferredOrleans.Gateway.OAuth;
using Microsoft.Extensions.Options;

namespace DeferredOrleans.Gateway.Risk;

/// <summary>
/// Risk signals for the policy's <c>risk.*</c> conditions, only from a trusted source: the non-standard
/// <c>risk_signals</c> token parameter carries a compact JWS (RFC 7515) that a configured risk engine signed about
/// this client's request, and the client merely forwards. Its claims other than the registered ones are the signals
/// (<c>{"score":72,"new_device":true}</c>). Anything else there (plain JSON, an unknown issuer or key, a stale,
/// long-lived or misaddressed assertion, one made for another client or subject) is refused with
/// <c>invalid_request</c> rather than ignored: ignoring it would be as safe (a missing signal is what each rule's
/// <c>WhenMissing</c> says) but would hide a client's or engine's misconfiguration behind puzzling denials.
/// </summary>
public sealed class RiskAssertions
{
    private const int MaxLength = 8192;
    private const long MaxUnixSeconds = 253402300799;
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private static readonly FrozenSet<string> Registered = new[] { "iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly TrustedIssuers _engines;
    private readonly TimeSpan _maxLifetime;
    private readonly string _audience;
    private readonly TimeProvider _time;

    public RiskAssertions(IOptions<RiskOptions> options, IOptions<ServerOptions> server, TimeProvider time)
    {
        _engines = new TrustedIssuers(options.Value.Engines, "risk engine");
        _maxLifetime = options.Value.MaxAssertionLifetime;
        _audience = server.Value.Issuer;
        _time = time;
    }

    /// <summary>The verified signals (a JSON object) of the request's assertion, none when it sent none, or why it is refused.</summary>
    /// <param name="request">The token or backchannel request.</param>
    /// <param name="clientId">The authenticated client, which the assertion must name in <c>client_id</c>.</param>
    /// <param name="subject">The request's subject, which the assertion's <c>sub</c> must be when it has one.</param>
    public (string? Signals, OAuthError? Error) Read(OAuthRequest request, string clientId, string subject)
    {
        if (request[OAuthParameters.RiskSignals] is not { } value)
        {
            return (null, null);
        }

        if (_engines.IsEmpty)
        {
            return Refused("risk_signals are not accepted: no risk engine is configured");
        }

        if (value.Length > MaxLength || _engines.Verify(value) is not { } verified || JsonNode.Parse(verified.GetRawText()) is not JsonObject claims)
        {
            return Refused("risk_signals must be an assertion signed by a trusted risk engine");
        }

        var now = _time.GetUtcNow();
        if (Time(claims, "exp") is not { } expires || Time(claims, "iat") is not { } issued ||
            now >= expires + Skew || issued > now + Skew || expires - issued > _maxLifetime ||
            (claims.ContainsKey("nbf") && (Time(claims, "nbf") is not { } notBefore || notBefore > now + Skew)))
        {
            return Refused("the risk assertion is expired, not yet valid, or lives too long");
        }

        // Bound to this server, this client and (when it names one) this subject, so that nobody can forward an
        // assessment made for someone else.
        if (!Audiences(claims).Contains(_audience, StringComparer.Ordinal) ||
            !claims.TryGetPropertyValue("client_id", out var client) || client?.GetValueKind() != JsonValueKind.String || client.GetValue<string>() != clientId ||
            (claims.TryGetPropertyValue("sub", out var sub) && (sub?.GetValueKind() != JsonValueKind.String || sub.GetValue<string>() != subject)))
        {
            return Refused("the risk assertion was not made for this server, client and subject");
        }

        var signals = new JsonObject();
        foreach (var (name, signal) in claims.Where(c => !Registered.Contains(c.Key)).ToList())
        {
            claims.Remove(name);
            signals[name] = signal;
        }

        return (signals.ToJsonString(), null);
    }

    private static (string?, OAuthError?) Refused(string description) => (null, OAuthError.InvalidRequest(description));

    private static DateTimeOffset? Time(JsonObject claims, string name) =>
        claims.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.GetValueKind() == JsonValueKind.Number &&
        v.TryGetValue<long>(out var seconds) && seconds is >= 0 and <= MaxUnixSeconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private static IEnumerable<string> Audiences(JsonObject claims) => claims.TryGetPropertyValue("aud", out var aud) ? aud switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonArray a => a.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String).Select(v => v.GetValue<string>()),
        _ => [],
    } : [];
}
