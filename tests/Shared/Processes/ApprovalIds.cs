using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// For black-box callers that do not load the server's assemblies: the approval id of a deferral, as the README
/// documents it, <c>base64url(SHA-256(code))</c> unpadded (the server's own is <c>DeferralCodes.Id</c>).
/// </summary>
public static class ApprovalIds
{
    public static string Of(string code) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(code)));
}
