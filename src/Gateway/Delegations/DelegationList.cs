namespace DeferredOrleans.Gateway.Delegations;

/// <summary>The caller's delegations, both ways: those they gave and those they hold.</summary>
public sealed record DelegationList(IReadOnlyList<DelegationItem> Delegations);
