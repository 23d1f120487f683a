namespace DeferredOrleans.Gateway.Delegations;

/// <summary>The answer to a stored delegation: its id.</summary>
public sealed record DelegationStored(string Id);
