namespace DeferredOrleans.Grains.Tokens;

[GenerateSerializer, Alias("DeferredOrleans.TokenRevocationState")]
public sealed class TokenRevocationState
{
    [Id(0)] public DateTimeOffset? RevokedUntil { get; set; }
}
