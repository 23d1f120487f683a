namespace DeferredOrleans.Grains.Replay;

/// <summary>Identifiers seen, and until when they matter.</summary>
[GenerateSerializer, Alias("DeferredOrleans.ReplayState")]
public sealed class ReplayState
{
    [Id(0)] public Dictionary<string, DateTimeOffset> Seen { get; set; } = new(StringComparer.Ordinal);
}
