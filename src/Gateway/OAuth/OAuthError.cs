namespace DeferredOrleans.Gateway.OAuth;

/// <summary>
/// An OAuth error as it goes on the wire (RFC 6749 §5.2). The description is public: it never names approvers,
/// never echoes input, and stays within the characters §5.2 allows. <paramref name="Members"/> carries the few
/// extra members some errors have (DTR <c>interaction_uri</c>); <see cref="RetryAfter"/> becomes a <c>Retry-After</c> header.
/// </summary>
public sealed record OAuthError(string Error, string? Description = null, IReadOnlyDictionary<string, string>? Members = null)
{
    /// <summary>When the client may try again (<c>Retry-After</c>, RFC 9110 §10.2.3), for 429 and 503 answers.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The one place that chooses status codes: 400 unless the error says otherwise.</summary>
    public int Status => Error switch
    {
        OAuthErrors.InvalidClient or OAuthErrors.InvalidToken => StatusCodes.Status401Unauthorized,
        OAuthErrors.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
        OAuthErrors.TooManyRequests => StatusCodes.Status429TooManyRequests,
        OAuthErrors.ServerError => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };

    public static OAuthError InvalidRequest(string description) => new(OAuthErrors.InvalidRequest, description);

    /// <summary>A bound <paramref name="handle"/> (deferral code, refresh token) presented with another DPoP key (RFC 9449 §5).</summary>
    public static OAuthError BoundToAnotherKey(string handle) => new(OAuthErrors.InvalidDpopProof, $"the {handle} is bound to another DPoP key");

    /// <summary>
    /// A bound <paramref name="handle"/> presented over a connection with another client certificate: RFC 8705 §3 defines
    /// no error for this, and the handle is a grant this connection cannot use.
    /// </summary>
    public static OAuthError BoundToAnotherCertificate(string handle) => new(OAuthErrors.InvalidGrant, $"the {handle} is bound to another client certificate");
}
