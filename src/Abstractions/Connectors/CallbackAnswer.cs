using DeferredOrleans.Abstractions.Deferrals;

namespace DeferredOrleans.Abstractions.Connectors;

/// <summary>The answer to an external system's callback.</summary>
/// <param name="Result">What the callback did.</param>
/// <param name="Status">The request's status afterwards, when known.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.CallbackAnswer")]
public sealed record CallbackAnswer([property: Id(0)] CallbackResult Result, [property: Id(1)] DeferralStatus? Status = null);
