namespace DeferredOrleans.Gateway.Minting;

/// <summary>
/// The timings of signing keys as the gateways use them (section <c>DeferredOrleans:Keys</c>, which also names the
/// key-encryption key ring of the silos).
/// </summary>
public sealed class SigningKeyOptions
{
    public const string Section = "DeferredOrleans:Keys";

    /// <summary>How often a gateway re-reads the key ring: the bound on how late it learns of a rotation.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The <c>max-age</c> of <c>/jwks</c>: how long a verifier may keep a key set without the newest key.</summary>
    public TimeSpan JwksCacheTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a next key is published before it may sign: at least <see cref="JwksCacheTime"/> plus
    /// <see cref="RefreshInterval"/>, so that every cached key set and every gateway knows it first.
    /// </summary>
    public TimeSpan PublicationDelay { get; set; } = TimeSpan.FromMinutes(6);

    /// <summary>Allowance for verifiers whose clocks are behind, added to the time a retired key stays published.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rotate on its own once the current key has signed this long; off when not set.</summary>
    public TimeSpan? RotationPeriod { get; set; }

    /// <summary>The problems of these settings, for a refusal to start.</summary>
    public IEnumerable<string> Problems()
    {
        if (RefreshInterval <= TimeSpan.Zero)
        {
            yield return "Keys:RefreshInterval must be positive";
        }

        if (PublicationDelay < JwksCacheTime + RefreshInterval)
        {
            yield return $"Keys:PublicationDelay ({PublicationDelay}) must be at least Keys:JwksCacheTime plus Keys:RefreshInterval ({JwksCacheTime + RefreshInterval}), or verifiers would meet tokens signed by a key they have not fetched";
        }

        if (RotationPeriod is { } period && period <= PublicationDelay)
        {
            yield return "Keys:RotationPeriod must be longer than Keys:PublicationDelay";
        }
    }
}
