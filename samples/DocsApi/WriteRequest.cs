namespace DeferredOrleans.Samples.DocsApi;

public sealed record WriteRequest(string Content);
