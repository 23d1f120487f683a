using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace DeferredOrleans.Bench;

/// <summary>
/// The server's GC heap after a full collection, read from outside the process over EventPipe: a session with the
/// runtime's <c>GCHeapCollect</c> keyword induces a blocking gen-2 collection (as <c>dotnet-gcdump</c> does), and the
/// <c>GCHeapStats</c> event at its end gives the size of every generation. No change to the server is needed, so the
/// same figure can be read from older builds.
/// <para>
/// The heap's size counts the free space between objects that the collection left in place (it may sweep instead of
/// compacting); the bytes it promoted are the objects alive, which is what the data costs. Both are reported, since the
/// difference between them moves from run to run with when the GC last compacted.
/// </para>
/// </summary>
internal static class HeapProbe
{
    /// <summary>The heap after the induced full collection: its size, free space included, and the bytes of live objects.</summary>
    public readonly record struct Sample(long Size, long Live);

    public static async Task<Sample> HeapAfterFullCollectionAsync(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession([new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var heap = new TaskCompletionSource<Sample>(TaskCreationOptions.RunContinuationsAsynchronously);
        var induced = false;
        source.Clr.GCStart += e => induced |= e.Reason == GCReason.Induced && e.Depth == 2;
        source.Clr.GCHeapStats += e =>
        {
            if (induced)
            {
                heap.TrySetResult(new Sample(e.TotalHeapSize, e.TotalPromoted));
            }
        };
        var processing = Task.Run(source.Process);
        var size = await heap.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await session.StopAsync(CancellationToken.None);
        await processing;
        return size;
    }
}
