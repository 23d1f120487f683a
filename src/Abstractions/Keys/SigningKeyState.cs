namespace DeferredOrleans.Abstractions.Keys;

/// <summary>Where a signing key is in its life. Every state is published at <c>/jwks</c>; only <see cref="Current"/> signs.</summary>
[GenerateSerializer, Alias("DeferredOrleans.SigningKeyState")]
public enum SigningKeyState
{
    /// <summary>Published ahead of use, so that verifiers know it before it signs.</summary>
    Next = 0,

    /// <summary>Signs new tokens.</summary>
    Current = 1,

    /// <summary>No longer signs; published until the last token it signed has expired, then removed.</summary>
    Retired = 2,
}
