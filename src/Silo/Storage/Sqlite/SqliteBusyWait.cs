using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DeferredOrleans.Silo.Storage.Sqlite;

/// <summary>
/// Makes every SQLite connection in the process wait for a busy database inside SQLite (<c>sqlite3_busy_timeout</c>),
/// which retries within a millisecond or so of the lock being released.
/// </summary>
/// <remarks>
/// Without it, Microsoft.Data.Sqlite answers SQLITE_BUSY by sleeping 150 ms before it retries. Grain state and
/// reminders are written by many grains at once through Orleans' ADO.NET providers, which open their own connections,
/// so a connection-string setting or a per-connection pragma cannot reach them; SQLite's auto-extension hook runs for
/// each new connection instead. Measured with bench/ (2 cores, concurrency 16, medians of 3 runs), together with group
/// commit in the audit log and inboxes: deferral creation went from 122 to 352 requests/s, p95 from 629 to 88 ms.
/// </remarks>
internal static partial class SqliteBusyWait
{
    private const int BusyTimeoutMilliseconds = 30_000;
    private static int _installed;

    public static unsafe void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        var result = sqlite3_auto_extension((IntPtr)(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, int>)&OnConnection);
        if (result != 0)
        {
            throw new InvalidOperationException($"SQLite refused the busy-timeout hook (result {result}).");
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnConnection(IntPtr connection, IntPtr error, IntPtr api) => sqlite3_busy_timeout(connection, BusyTimeoutMilliseconds);

    [LibraryImport("e_sqlite3")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int sqlite3_auto_extension(IntPtr entryPoint);

    [LibraryImport("e_sqlite3")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int sqlite3_busy_timeout(IntPtr connection, int milliseconds);
}
