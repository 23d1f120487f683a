using DeferredOrleans.Gateway.Clients;

namespace DeferredOrleans.Gateway.Registration;

/// <summary>A registration ready to store, and the secret issued with it (returned once, stored only as a hash).</summary>
public sealed record ClientDraft(ClientRegistration Client, string? Secret);
