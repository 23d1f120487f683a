using System.Text;
using System.Text.Json;
using DeferredOrleans.Abstractions.Audit;
using DeferredOrleans.Core.AuditLog;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Grains.Audit;

/// <summary>
/// Appends each checkpoint as one JSON line to a file, flushed to disk before the export counts as done. Meant for a
/// file the database's writers cannot change: another volume, an append-only mount, a file shipped off the host.
/// Before appending it reads the last line: a checkpoint that cannot follow it (the database was restored to an older
/// state) is reported as critical at once, and still appended, so the file keeps the evidence.
/// </summary>
public sealed partial class FileAuditWitness(string path, ILogger<FileAuditWitness> logger) : IAuditWitness
{
    /// <summary>Enough of the file's end to hold its last line (a line grows by about 90 bytes per shard).</summary>
    private const int Tail = 256 * 1024;

    public string Name => $"file {path}";

    public async Task ExportAsync(AuditCheckpoint checkpoint, string json, CancellationToken cancellationToken)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.Asynchronous);
        if (await LastAsync(file, cancellationToken) is { } witnessed && AuditCheckpoints.Follows(witnessed, checkpoint) is { } problem)
        {
            LogRollback(logger, path, problem);
        }

        file.Seek(0, SeekOrigin.End);
        await file.WriteAsync(Encoding.UTF8.GetBytes(json + "\n"), cancellationToken);
        file.Flush(flushToDisk: true);
    }

    private async Task<AuditCheckpoint?> LastAsync(FileStream file, CancellationToken cancellationToken)
    {
        var start = Math.Max(0, file.Length - Tail);
        var buffer = new byte[file.Length - start];
        file.Seek(start, SeekOrigin.Begin);
        await file.ReadExactlyAsync(buffer, cancellationToken);
        var last = Encoding.UTF8.GetString(buffer).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        try
        {
            return last is null ? null : AuditCheckpointJson.Parse(last);
        }
        catch (JsonException e)
        {
            LogUnreadable(logger, e, path);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The audit witness file {Path} shows the database went back: {Problem}. Run audit-verify with --witness")]
    private static partial void LogRollback(ILogger logger, string path, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last line of the audit witness file {Path} is not a checkpoint; appending after it")]
    private static partial void LogUnreadable(ILogger logger, Exception exception, string path);
}
