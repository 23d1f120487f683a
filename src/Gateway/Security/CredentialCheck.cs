namespace DeferredOrleans.Gateway.Security;

/// <summary>The verdict on presented credentials and, for a refusal, when to try again (<c>Retry-After</c>).</summary>
public readonly record struct CredentialCheck(CredentialVerdict Verdict, TimeSpan RetryAfter = default)
{
    public static CredentialCheck Valid { get; } = new(CredentialVerdict.Valid);

    public static CredentialCheck Invalid { get; } = new(CredentialVerdict.Invalid);

    /// <summary>Refused without looking at the credentials: throttled, locked out or busy.</summary>
    public bool IsRefusal => Verdict is CredentialVerdict.Throttled or CredentialVerdict.LockedOut or CredentialVerdict.Busy;

    /// <summary>
    /// The HTTP status of a refusal: 503 when the server was too busy to check (RFC 9110 §15.6.4), 429 when the account
    /// asked too often or is locked (RFC 6585 §4). Every page and API that refuses credentials answers with it.
    /// </summary>
    public int RefusalStatus => Verdict == CredentialVerdict.Busy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;

    /// <summary><see cref="RetryAfter"/> in whole seconds, at least one, as <c>Retry-After</c> carries it (RFC 9110 §10.2.3).</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));

    /// <summary>The <c>Retry-After</c> header's value: <see cref="RetryAfterSeconds"/> as delta-seconds.</summary>
    public string RetryAfterHeader => RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
