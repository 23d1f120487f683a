namespace DeferredOrleans.Abstractions.Deferrals;

/// <summary>An approval given by a delegate on behalf of someone (e.g. the manager for an IC on vacation).</summary>
/// <param name="ApproverId">The delegate who approved.</param>
/// <param name="OnBehalfOf">The person they stood in for.</param>
[GenerateSerializer, Immutable, Alias("DeferredOrleans.DelegatedApproval")]
public sealed record DelegatedApproval([property: Id(0)] string ApproverId, [property: Id(1)] string OnBehalfOf);
