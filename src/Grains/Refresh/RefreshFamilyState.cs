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
}
