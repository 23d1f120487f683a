using System.Buffers.Text;
using System.Collections.Immutable;
using System.Security.Cryptography;
using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.GrainTests;

/// <summary>Deferred requests and plans for grain tests.</summary>
internal static class Requests
{
    public static readonly DeferredTokenRequest WriteDoc = new("agent", "client_credentials", "agent", ["doc:write"], ["doc-789"]);

    public static ApprovalPlan ToOwner(DateTimeOffset now, TimeSpan? expiresIn = null) =>
        Plan(now, [new ApprovalRequirement("owner", ApprovalRoute.ResourceOwner, ["alice"], 1)], expiresIn);

    public static ApprovalPlan ToAdmins(DateTimeOffset now, int quorum = 2, bool veto = true) =>
        Plan(now, [new ApprovalRequirement("quorum", ApprovalRoute.Group, ["bob", "carol", "dave"], quorum, veto)]);

    /// <summary>An id shaped like a real one: the base64url SHA-256 digest of a deferral code (a GUID-shaped string key
    /// would be stored by Orleans as a GUID key instead).</summary>
    public static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static ApprovalPlan Plan(DateTimeOffset now, ImmutableArray<ApprovalRequirement> requirements, TimeSpan? expiresIn = null) =>
        new("rule", requirements, now + (expiresIn ?? TimeSpan.FromMinutes(10)), 5, TimeSpan.FromHours(1));
}
