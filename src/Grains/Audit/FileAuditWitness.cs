using System.Text;
using DeferredOrleans.Abstractions.Audit;

namespace DeferredOrleans.Grains.Audit;

/// <summary>
/// Appends each checkpoint as one JSON line to a file, flushed to disk before the export counts as done. Meant for a
/// file the database's writers cannot change: another volume, an append-only mount, a file shipped off the host.
/// </summary>
public sealed class FileAuditWitness(string path) : IAuditWitness
{
    public string Name => $"file {path}";

    public async Task ExportAsync(AuditCheckpoint checkpoint, string json, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
        await file.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), cancellationToken);
        file.Flush(flushToDisk: true);
    }
}
