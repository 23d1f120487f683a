namespace DeferredOrleans.Core.Deferrals;

/// <summary>
/// The shape of deferral codes and of their ids (the SHA-256 digest of a code): 32 bytes as unpadded base64url, so
/// anything else can be turned away before a grain is addressed.
/// </summary>
public static class DeferralIds
{
    public const int Length = 43;

    public static bool IsWellFormed(string value) =>
        value.Length == Length && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
