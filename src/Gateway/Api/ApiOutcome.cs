namespace DeferredOrleans.Gateway.Api;

/// <summary>The answer to a change that has nothing more to say than that it happened (<c>{"result":"removed"}</c>).</summary>
public sealed record ApiOutcome(string Result);
