using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Grains.Audit;

/// <summary>Somewhere outside the database that keeps each checkpoint: a file, an HTTP endpoint, the log.</summary>
public interface IAuditWitness
{
    /// <summary>How reports name it.</summary>
    string Name { get; }

    /// <summary>Hands over the checkpoint (<paramref name="json"/> is its one-line form); throws if it was not kept.</summary>
    Task ExportAsync(AuditCheckpoint checkpoint, string json, CancellationToken cancellationToken);
}
