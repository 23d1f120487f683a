using DeferredOrleans.Abstractions.Approvals;
using DeferredOrleans.Abstractions.Deferrals;
using DeferredOrleans.Silo.Storage.Postgres;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The PostgreSQL profile on a real PostgreSQL server: the schema is created once however often and by however many
/// silos it is applied, a grain state has one row, and grains keep their state across a silo restart.
/// </summary>
public sealed class PostgresStorageTests : IAsyncLifetime
{
    private static readonly string[] Scripts = ["01-main.sql", "02-clustering.sql", "03-persistence.sql", "04-reminders.sql", "05-storage-key.sql"];
    private static readonly PollRequest Agent = new("agent");
    private readonly string _keys = Directory.CreateTempSubdirectory("deferred-orleans-pg-keys-").FullName;
    private PostgresServer _server = null!;

    public async Task InitializeAsync() => _server = await PostgresServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.DisposeAsync();
        Directory.Delete(_keys, recursive: true);
    }

    [Fact]
    public async Task Apply_ByTwoSilosAtOnceThenAgain_CreatesEachScriptOnceAndThenChangesNothing()
    {
        var together = await Task.WhenAll(
            PostgresSchema.ApplyAsync(_server.ConnectionString, CancellationToken.None),
            PostgresSchema.ApplyAsync(_server.ConnectionString, CancellationToken.None));
        Assert.Equal(Scripts, together.SelectMany(applied => applied));
        var queries = await ScalarAsync("SELECT count(*) FROM OrleansQuery");

        Assert.Empty(await PostgresSchema.ApplyAsync(_server.ConnectionString, CancellationToken.None));
        Assert.Equal(queries, await ScalarAsync("SELECT count(*) FROM OrleansQuery"));

        // Every query the three Orleans providers read at start is there (they refuse to start on a missing one).
        foreach (var key in new[] { "MembershipReadAllKey", "CleanupDefunctSiloEntriesKey", "WriteToStorageKey", "ClearStorageKey", "UpsertReminderRowKey", "ReadRangeRows2Key" })
        {
            Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM OrleansQuery WHERE QueryKey = @key", ("key", key)));
        }
    }

    [Fact]
    public async Task OrleansStorage_SecondRowForOneGrainState_IsRefused()
    {
        await PostgresSchema.ApplyAsync(_server.ConnectionString, CancellationToken.None);
        const string insert = """
            INSERT INTO OrleansStorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid, payloadbinary, modifiedon, version)
            VALUES (1, 0, 0, 2, 'deferral', NULL, 'deferred-orleans', '\x00', now(), 1)
            """;
        await ScalarAsync(insert);

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(insert));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
    }

    [Fact]
    public async Task Restart_PartlyApprovedDeferral_KeepsItsStateAndCompletes()
    {
        var id = Requests.NewId();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (var before = await StartAsync(time))
        {
            var deferral = await SqliteDurabilityTests.CreateAsync(before, id, Requests.ToAdmins(time.GetUtcNow()));
            await deferral.DecideAsync(new ApproverDecision("bob", true));
        }

        await using var after = await StartAsync(time);
        var restored = after.Grains.GetGrain<IDeferralGrain>(id);
        Assert.Equal(1, (await restored.GetViewAsync("carol"))!.Requirements.Single().Approved);
        Assert.Contains((await after.Grains.GetGrain<IApproverInboxGrain>("carol").ListAsync(null, 10)).Items, i => i.DeferralId == id);

        Assert.Equal(DecisionResult.AlreadyDecided, (await restored.DecideAsync(new ApproverDecision("bob", true))).Result);
        await restored.DecideAsync(new ApproverDecision("carol", true));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PollVerdict.Issued, (await restored.PollAsync(Agent)).Verdict);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(PollVerdict.Redeemed, (await restored.PollAsync(Agent)).Verdict);
    }

    private Task<TestCluster> StartAsync(FakeTimeProvider time) => TestCluster.StartAsync(time: time, settings: new Dictionary<string, string?>
    {
        ["DeferredOrleans:Storage:Profile"] = "Postgres",
        ["DeferredOrleans:Storage:PostgresConnectionString"] = _server.ConnectionString,
        ["DeferredOrleans:Keys:Directory"] = _keys,
    });

    private async Task<object?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }
}
