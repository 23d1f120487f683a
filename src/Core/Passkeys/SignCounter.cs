namespace DeferredOrleans.Core.Passkeys;

/// <summary>WebAuthn's signature counter, as a pure rule.</summary>
public static class SignCounter
{
    /// <summary>
    /// WebAuthn Level 3 §7.2 step 22 (and §6.1.1): when the authenticator keeps a counter (either value non-zero), a
    /// use must show a counter beyond the stored one, else the credential may have been cloned. Authenticators without
    /// a counter (synced passkeys) always report 0.
    /// </summary>
    public static bool Advances(uint stored, uint presented) => (stored == 0 && presented == 0) || presented > stored;
}
