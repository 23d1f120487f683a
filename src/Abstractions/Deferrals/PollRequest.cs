namespace DeferredOrleans.Deferrals;

/// <summary>A client's poll, after the gateway authenticated the client.</summary>
/// <param name="ClientId">The authenticated client.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.PollRequest")]
public sealed record PollRequest([property: Id(0)] string ClientId);
