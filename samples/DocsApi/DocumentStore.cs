using System.Collections.Concurrent;

namespace DeferredOrleans.Samples.DocsApi;

/// <summary>The documents, in memory: a sample, seeded with the demo directory's resources.</summary>
public sealed partial class DocumentStore(ILogger<DocumentStore> logger)
{
    private readonly ConcurrentDictionary<string, Document> _documents = new(StringComparer.Ordinal)
    {
        ["doc-123"] = new("doc-123", "Team handbook", "bob", "Be kind.", 1),
        ["doc-456"] = new("doc-456", "Release notes", "bob", "Nothing yet.", 1),
        ["doc-789"] = new("doc-789", "Alice's plan", "alice", "Draft.", 1),
    };

    public IReadOnlyList<Document> All => [.. _documents.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];

    public Document? Find(string id) => _documents.GetValueOrDefault(id);

    public Document Write(Document document, string content, string writer)
    {
        var written = _documents.AddOrUpdate(document.Id, document with { Content = content, Version = 1 }, (_, current) => current with { Content = content, Version = current.Version + 1 });
        LogWritten(logger, written.Id, written.Version, writer);
        return written;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document {Id} written (version {Version}) by {Writer}")]
    private static partial void LogWritten(ILogger logger, string id, int version, string writer);
}
