using System.Diagnostics.Tracing;

namespace DeferredOrleans.Silo.Storage.Sqlite;

/// <summary>
/// A trace of the SQLite group commit, off unless a listener asks for it (EventPipe provider
/// <c>DeferredOrleans-Storage</c>, e.g. <c>dotnet-trace collect --providers DeferredOrleans-Storage</c>, or the bench):
/// one event per committed transaction, with the writes it carried, their payload bytes and the time the writer spent
/// on it. How busy the single writer is and how many writes share a commit show whether durable writes are limited by
/// the writer, by fsync or by the callers.
/// </summary>
[EventSource(Name = "DeferredOrleans-Storage")]
internal sealed class StorageEventSource : EventSource
{
    public static readonly StorageEventSource Log = new();

    [Event(1, Level = EventLevel.Informational, Message = "Committed {0} writes ({1} bytes) in {2} ms")]
    public void Committed(int writes, long bytes, double milliseconds) => WriteEvent(1, writes, bytes, milliseconds);
}
