namespace DeferredOrleans.Samples.DocsApi;

public sealed record DocumentSummary(string Id, string Title, string Owner);
