namespace DeferredOrleans.Abstractions.Refresh;

/// <summary>Names shared by the refresh family, the deferral it starts, the policy and the gateway.</summary>
public static class Reauthorizations
{
    /// <summary>
    /// The grant type of a re-authorization deferral (a domain name, not an OAuth grant type): policy rules match it to
    /// route re-authorizations, and its request's <c>GrantData</c> is the family id.
    /// </summary>
    public const string GrantType = "reauthorization";
}
