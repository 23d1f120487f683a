using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace DeferredOrleans.Bench;

/// <summary>
/// The server's SQLite group commit during a phase, read over EventPipe from its <c>DeferredOrleans-Storage</c> event
/// source (one event per commit): commits per second, writes per commit, payload per commit and how busy the single
/// writer thread was. A server that does not emit the events (another storage profile, an older build) yields none.
/// </summary>
internal sealed class CommitProbe : IAsyncDisposable
{
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly DateTime _started = DateTime.UtcNow;
    private long _commits;
    private long _writes;
    private long _bytes;
    private double _milliseconds;

    private CommitProbe(int processId)
    {
        _session = new DiagnosticsClient(processId).StartEventPipeSession([new EventPipeProvider("DeferredOrleans-Storage", EventLevel.Informational)], requestRundown: false);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += e =>
        {
            if (e.EventName == "Committed")
            {
                _commits++;
                _writes += Convert.ToInt64(e.PayloadByName("writes"), CultureInfo.InvariantCulture);
                _bytes += Convert.ToInt64(e.PayloadByName("bytes"), CultureInfo.InvariantCulture);
                _milliseconds += Convert.ToDouble(e.PayloadByName("milliseconds"), CultureInfo.InvariantCulture);
            }
        };
        _processing = Task.Run(_source.Process);
    }

    /// <summary>Starts listening; null when the process cannot be reached (the figures are then left out).</summary>
    public static CommitProbe? Start(int processId)
    {
        try
        {
            return new CommitProbe(processId);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Stops listening and describes what was committed, or null when nothing was.</summary>
    public async Task<string?> StopAsync()
    {
        var seconds = (DateTime.UtcNow - _started).TotalSeconds;
        await _session.StopAsync(CancellationToken.None);
        await _processing;
        return _commits == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"{_commits / seconds:F0} commits/s, {(double)_writes / _commits:F1} writes and {_bytes / 1024.0 / _commits:F1} KiB per commit, {_milliseconds / _commits:F2} ms each, writer busy {_milliseconds / 1000 / seconds:P0}");
    }

    public async ValueTask DisposeAsync()
    {
        _source.Dispose();
        _session.Dispose();
        await Task.CompletedTask;
    }
}
