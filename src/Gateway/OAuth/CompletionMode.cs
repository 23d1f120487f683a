namespace DeferredOrleans.Gateway.OAuth;

/// <summary>DTR "Client Opt-In Signaling": <c>completion_mode</c> is a space-separated list; unknown values are ignored.</summary>
public static class CompletionMode
{
    public static bool AllowsDeferral(OAuthRequest request) =>
        request[OAuthParameters.CompletionMode] is { } modes &&
        modes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(CompletionModes.Deferred, StringComparer.Ordinal);
}
