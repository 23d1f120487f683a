using DeferredOrleans.Core.Deferrals;

namespace DeferredOrleans.Gateway.OAuth;

/// <summary>
/// Deferral codes: 256 bits from a CSPRNG as unpadded base64url (RFC 6749 §10.10 asks for at least 128), which
/// stays within CIBA's <c>A-Z a-z 0-9 . - _</c>. The server keeps only the SHA-256 digest, which is the deferral
/// (and approval) id and the grain key.
/// </summary>
public static class DeferralCodes
{
    public static string New() => DeferralIds.NewCode();

    /// <summary>The id of a well-formed code; false for anything that cannot be a code this server issued.</summary>
    public static bool TryGetId(string code, out string id)
    {
        id = "";
        if (!DeferralIds.IsWellFormed(code))
        {
            return false;
        }

        id = Id(code);
        return true;
    }

    public static string Id(string code) => DeferralIds.Of(code);

    /// <summary>Whether a string has the shape of a deferral id (an approval API path segment).</summary>
    public static bool IsId(string id) => DeferralIds.IsWellFormed(id);
}
