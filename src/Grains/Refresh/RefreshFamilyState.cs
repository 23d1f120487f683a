using DeferredOrleans.Abstractions.Refresh;
using DeferredOrleans.Abstractions.Tokens;
namespace DeferredOrleans.Grains.Refresh;

[GenerateSerializer, Alias("DeferredOrleans.RefreshFamilyState")]
public sealed class RefreshFamilyState
{
    [Id(0)] public RefreshFamily? Family { get; set; }
    [Id(1)] public string CurrentDigest { get; set; } = "";
    [Id(2)] public int Generation { get; set; }
    [Id(3)] public DateTimeOffset LastRotatedAt { get; set; }
    [Id(4)] public bool Revoked { get; set; }
    [Id(5)] public string? SuspendedFor { get; set; }

    /// <summary>The access tokens issued with this family's tokens that have not expired yet.</summary>
    [Id(6)] public List<IssuedAccessToken> AccessTokens { get; set; } = [];

    /// <summary>The id of the re-authorization deferral of the grant's current end, once it was asked for.</summary>
    [Id(7)] public string? ReauthorizationId { get; set; }

    /// <summary>Its deferral code, sealed: handed to the client that refreshes after the end.</summary>
    [Id(8)] public byte[]? ReauthorizationCode { get; set; }

    /// <summary>Whether its deferral grain was created (the id is stored first, so a crash in between is retried).</summary>
    [Id(9)] public bool ReauthorizationRouted { get; set; }

    /// <summary>How many times the grant was re-authorized.</summary>
    [Id(10)] public int Reauthorizations { get; set; }
}
