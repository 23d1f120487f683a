namespace DeferredOrleans.Samples.DocsApi;

/// <summary>One document; owners match the authorization server's demo directory (doc-789 belongs to alice).</summary>
public sealed record Document(string Id, string Title, string Owner, string Content, int Version);
