namespace DeferredOrleans.Gateway.Admin;

/// <summary>One requested item (scope, resource or authorization detail) and the rule that decided it.</summary>
public sealed record ExplainedItem(string Item, string? Rule, string Outcome, string Why);
