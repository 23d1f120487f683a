namespace DeferredOrleans.Gateway.AuthZen;

/// <summary>Where a requested item came from; a non-requestable denial is answered with the matching error (AROP).</summary>
public enum AccessOrigin
{
    Scope,
    AuthorizationDetails,
}
