namespace DeferredOrleans.Samples.DocsApi;

/// <summary>An access rule's answer: allowed, or refused with the scope to ask for (RFC 6750 §3.1 <c>insufficient_scope</c>).</summary>
public sealed record AccessDecision(bool Allowed, string? Scope = null, string? Description = null)
{
    public static AccessDecision Allow { get; } = new(true);

    public static AccessDecision Insufficient(string scope, string description) => new(false, scope, description);
}
