using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace DeferredOrleans.Silo.Storage.Sqlite;

/// <summary>
/// Group commit across grains: every grain state write of the process goes to one writer thread, which stores all
/// the writes waiting at that moment in one SQLite transaction, so that one fsync (<c>synchronous=FULL</c>) makes
/// many grains' changes durable together. Each caller's task completes only after the commit that carried its
/// write, with its new version or its conflict; a failed commit fails every write it carried and stores none.
/// </summary>
/// <remarks>
/// The rows are those of the <c>OrleansStorage</c> table (02-persistence.sql) and the version rules are the ADO.NET
/// provider's (a write at the expected version, an insert only when the grain expects no row), so a database written
/// by either is read by the other. A write that conflicts changes nothing and does not disturb the others in its
/// batch.
/// </remarks>
public sealed partial class SqliteGroupCommit : IDisposable
{
    /// <summary>Most writes in one transaction: bounds the time a waiting reader or a reminder write is held up.</summary>
    public const int MaxBatch = 1000;

    private readonly BlockingCollection<StateWrite> _queue = [];
    private readonly string _connectionString;
    private readonly ILogger<SqliteGroupCommit> _logger;
    private readonly Thread _writer;
    private long _commits;
    private long _writes;

    public SqliteGroupCommit(string connectionString, ILogger<SqliteGroupCommit> logger)
    {
        _connectionString = connectionString;
        _logger = logger;
        _writer = new Thread(Run) { IsBackground = true, Name = "sqlite-group-commit" };
        _writer.Start();
    }

    /// <summary>Transactions committed and writes they carried since start: their ratio is the batching achieved.</summary>
    public (long Commits, long Writes) Counts => (Interlocked.Read(ref _commits), Interlocked.Read(ref _writes));

    /// <summary>Queues a write; the task gives the row's new version once committed, or null on a version conflict.</summary>
    public Task<int?> WriteAsync(StateRow row, byte[]? payload, int? expectedVersion)
    {
        var write = new StateWrite(row, payload, expectedVersion, new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            _queue.Add(write);
        }
        catch (InvalidOperationException)
        {
            throw new ObjectDisposedException(nameof(SqliteGroupCommit), "the silo is stopping: grain state is no longer written");
        }

        return write.Done.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _writer.Join();
        _queue.Dispose();
    }

    private void Run()
    {
        var batch = new List<StateWrite>(MaxBatch);
        Statements? connection = null;
        while (_queue.TryTake(out var first, Timeout.Infinite))
        {
            batch.Add(first);
            while (batch.Count < MaxBatch && _queue.TryTake(out var next))
            {
                batch.Add(next);
            }

            try
            {
                connection ??= new Statements(_connectionString);
                var started = StorageEventSource.Log.IsEnabled() ? Stopwatch.GetTimestamp() : 0;
                var results = connection.Commit(batch);
                if (started != 0)
                {
                    StorageEventSource.Log.Committed(batch.Count, batch.Sum(w => (long)(w.Payload?.Length ?? 0)), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _writes, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.SetResult(results[i]);
                }
            }
            catch (Exception e)
            {
                LogCommitFailed(e, batch.Count);
                batch.ForEach(w => w.Done.SetException(e));

                // The next batch starts on a fresh connection, whatever state this one was left in.
                connection?.Dispose();
                connection = null;
            }

            batch.Clear();
        }

        connection?.Dispose();
    }

    /// <summary>The writer's connection and its two statements, prepared once and reused by every commit.</summary>
    private sealed class Statements : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _insert;

        public Statements(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _update = Command("""
                UPDATE OrleansStorage
                SET PayloadBinary = $payload, ModifiedOn = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), Version = Version + 1
                WHERE ServiceId = $service AND GrainTypeString = $state AND GrainIdN0 = $n0 AND GrainIdN1 = $n1
                  AND GrainIdExtensionString = $key AND Version = $version
                RETURNING Version
                """, withVersion: true);
            _insert = Command("""
                INSERT INTO OrleansStorage (ServiceId, GrainTypeString, GrainIdN0, GrainIdN1, GrainIdExtensionString, PayloadBinary, ModifiedOn, Version)
                VALUES ($service, $state, $n0, $n1, $key, $payload, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 1)
                ON CONFLICT DO NOTHING
                RETURNING Version
                """, withVersion: false);
        }

        public int?[] Commit(List<StateWrite> batch)
        {
            var results = new int?[batch.Count];
            using var transaction = _connection.BeginTransaction(deferred: false);
            (_update.Transaction, _insert.Transaction) = (transaction, transaction);
            for (var i = 0; i < batch.Count; i++)
            {
                var write = batch[i];
                var command = write.ExpectedVersion is null ? _insert : _update;
                command.Parameters["$service"].Value = write.Row.ServiceId;
                command.Parameters["$state"].Value = write.Row.StateName;
                command.Parameters["$n0"].Value = write.Row.N0;
                command.Parameters["$n1"].Value = write.Row.N1;
                command.Parameters["$key"].Value = write.Row.Key;
                command.Parameters["$payload"].Value = (object?)write.Payload ?? DBNull.Value;
                if (write.ExpectedVersion is { } expected)
                {
                    command.Parameters["$version"].Value = expected;
                }

                results[i] = command.ExecuteScalar() is long version ? (int)version : null;
            }

            transaction.Commit();
            return results;
        }

        public void Dispose()
        {
            _update.Dispose();
            _insert.Dispose();
            _connection.Dispose();
        }

        private SqliteCommand Command(string sql, bool withVersion)
        {
            var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in withVersion ? new[] { "$service", "$state", "$n0", "$n1", "$key", "$payload", "$version" } : ["$service", "$state", "$n0", "$n1", "$key", "$payload"])
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            return command;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A grain state commit of {Writes} writes failed; each of them is reported to its grain")]
    private partial void LogCommitFailed(Exception exception, int writes);

    private sealed record StateWrite(StateRow Row, byte[]? Payload, int? ExpectedVersion, TaskCompletionSource<int?> Done);
}
