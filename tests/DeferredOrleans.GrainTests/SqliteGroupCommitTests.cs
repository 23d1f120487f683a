using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Silo.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The embedded profile's group commit across grains (<see cref="SqliteGroupCommit"/>): concurrent grains share
/// SQLite transactions, every write a grain was told of is in the file, and a stale writer is refused without
/// disturbing the writes it was batched with.
/// </summary>
public sealed class SqliteGroupCommitTests
{
    private static readonly StateRow A = new("service", "state", "a");
    private static readonly StateRow B = new("service", "state", "b");
    private static readonly StateRow C = new("service", "state", "c");

    [Fact]
    public async Task ConcurrentCreations_ShareCommits_AndEveryDeferralIsThereAfterARestart()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var ids = Enumerable.Range(0, 300).Select(_ => Requests.NewId()).ToList();
        await using (var before = await TestCluster.StartAsync(file.Path, time: time))
        {
            var commits = ((InProcessSiloHandle)before.Cluster.Silos[0]).SiloHost.Services.GetRequiredService<SqliteGroupCommit>();
            var (commitsBefore, writesBefore) = commits.Counts;

            await Task.WhenAll(ids.Select(id => before.Grains.GetGrain<IDeferralGrain>(id).CreateAsync(new DeferralStart(Requests.WriteDoc, Requests.ToAdmins(time.GetUtcNow())))));

            var (commitsAfter, writesAfter) = commits.Counts;
            Assert.True(writesAfter - writesBefore >= ids.Count, $"{writesAfter - writesBefore} writes for {ids.Count} deferrals");
            Assert.True(commitsAfter - commitsBefore < writesAfter - writesBefore,
                $"{commitsAfter - commitsBefore} commits carried {writesAfter - writesBefore} writes: concurrent grains did not share commits");
        }

        await using var after = await TestCluster.StartAsync(file.Path, time: time);
        var views = await Task.WhenAll(ids.Select(id => after.Grains.GetGrain<IDeferralGrain>(id).GetViewAsync("carol")));
        Assert.All(views, v => Assert.NotNull(v));
    }

    [Fact]
    public async Task TwoHundredWritesQueuedAtOnce_GoInAFewCommits()
    {
        using var file = new SqliteFile();
        await SqliteSchema.ApplyAsync(file.Path, CancellationToken.None);
        using var commits = new SqliteGroupCommit(SqliteSchema.ConnectionString(file.Path), NullLogger<SqliteGroupCommit>.Instance);

        // Queuing takes microseconds, a commit with fsync at least a millisecond: all but the first few wait together.
        var versions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => commits.WriteAsync(new StateRow("service", "state", $"grain-{i}"), [1], expectedVersion: null)));

        Assert.All(versions, v => Assert.Equal(1, v));
        Assert.Equal(200, commits.Counts.Writes);
        Assert.InRange(commits.Counts.Commits, 1, 20);
    }

    [Fact]
    public async Task StaleWriter_IsRefused_AndTheWritesBatchedWithItAreStored()
    {
        using var file = new SqliteFile();
        await SqliteSchema.ApplyAsync(file.Path, CancellationToken.None);
        using var commits = new SqliteGroupCommit(SqliteSchema.ConnectionString(file.Path), NullLogger<SqliteGroupCommit>.Instance);
        Assert.Equal(1, await commits.WriteAsync(A, [1], expectedVersion: null));
        Assert.Equal(1, await commits.WriteAsync(B, [1], expectedVersion: null));

        // Queued together, so most likely one transaction; the outcome must not depend on it either way.
        var results = await Task.WhenAll(
            commits.WriteAsync(A, [2], expectedVersion: 7),
            commits.WriteAsync(B, [2], expectedVersion: 1),
            commits.WriteAsync(C, [2], expectedVersion: null),
            commits.WriteAsync(A, [3], expectedVersion: null));

        Assert.Equal([null, 2, 1, null], results);
        AssertRow(file, A, [1], 1);
        AssertRow(file, B, [2], 2);
        AssertRow(file, C, [2], 1);
    }

    [Fact]
    public async Task Clear_KeepsTheRowWithoutAPayload_SoTheVersionNeverRestarts()
    {
        using var file = new SqliteFile();
        await SqliteSchema.ApplyAsync(file.Path, CancellationToken.None);
        using var commits = new SqliteGroupCommit(SqliteSchema.ConnectionString(file.Path), NullLogger<SqliteGroupCommit>.Instance);
        await commits.WriteAsync(A, [1], expectedVersion: null);

        Assert.Equal(2, await commits.WriteAsync(A, payload: null, expectedVersion: 1));
        Assert.Null(await commits.WriteAsync(A, [9], expectedVersion: null));
        Assert.Equal(3, await commits.WriteAsync(A, [3], expectedVersion: 2));
        AssertRow(file, A, [3], 3);
    }

    [Fact]
    public async Task AfterDispose_AWrite_IsRefusedAndNothingHangs()
    {
        using var file = new SqliteFile();
        await SqliteSchema.ApplyAsync(file.Path, CancellationToken.None);
        var commits = new SqliteGroupCommit(SqliteSchema.ConnectionString(file.Path), NullLogger<SqliteGroupCommit>.Instance);
        var pending = commits.WriteAsync(A, [1], expectedVersion: null);
        commits.Dispose();

        Assert.Equal(1, await pending);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => commits.WriteAsync(B, [1], expectedVersion: null));
    }

    private static void AssertRow(SqliteFile file, StateRow row, byte[] payload, long version)
    {
        var stored = Row(file, row);
        Assert.Equal(payload, stored.Payload);
        Assert.Equal(version, stored.Version);
    }

    private static (byte[]? Payload, long Version) Row(SqliteFile file, StateRow row)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteSchema.ConnectionString(file.Path));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary, Version FROM OrleansStorage WHERE ServiceId = $s AND GrainTypeString = $t AND GrainIdExtensionString = $k";
        command.Parameters.AddWithValue("$s", row.ServiceId);
        command.Parameters.AddWithValue("$t", row.StateName);
        command.Parameters.AddWithValue("$k", row.Key);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no row for {row}");
        return (reader.IsDBNull(0) ? null : (byte[])reader.GetValue(0), reader.GetInt64(1));
    }
}
