namespace DeferredOrleans.Samples.Agent;

/// <summary>The resource server to work on, the authorization server to trust, and what to write.</summary>
public sealed class AgentOptions
{
    public Uri Docs { get; set; } = new("http://localhost:5100");

    public Uri Issuer { get; set; } = new("http://localhost:5080");

    public string ClientId { get; set; } = "agent";

    public string? ClientSecret { get; set; }

    public string Document { get; set; } = "doc-789";

    public string Content { get; set; } = "";
}
