using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The audit log is hash-chained per shard and anchored by signed checkpoints kept in a witness file outside the
/// database: editing, removing or reordering stored entries behind the server's back (here, rows of the SQLite file
/// while the server is stopped), or putting back an older copy of the database, is reported by <c>audit-verify</c>
/// after a restart, naming the checkpoint the log no longer agrees with.
/// </summary>
public sealed class AuditTamperTests
{
    private const string Admin = "dave:demo";

    [Fact]
    public async Task AuditVerify_UntouchedLog_IsIntactAgainstTheWitnessedCheckpoint()
    {
        using var database = new TempDatabase("process");
        await using var server = await GatewayProcess.StartAsync(Launch(database));
        await ApproveOneRequestAsync(server);
        await CheckpointAsync(server);

        var (exitCode, output) = await AuditVerifyAsync(server, Witness(database));

        Assert.True(exitCode == 0, output);
        Assert.Contains("audit log intact", output, StringComparison.Ordinal);
        Assert.Contains("checked against checkpoint 1 (", output, StringComparison.Ordinal);

        // The log is the third witness: the same line as in the file.
        var line = Assert.Single(await File.ReadAllLinesAsync(Witness(database)));
        Assert.Contains($"Audit checkpoint 1: {line}", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EntryEditedInTheDatabase_IsDetected()
    {
        // Rewrite who approved: same length, still readable, so only the hash chain can tell.
        var (exitCode, output) = await AuditVerifyAfterTamperingAsync((database, _) => EditBlock(database, "alice", "eve01"));

        Assert.True(exitCode == 1, output);
        Assert.Contains("audit log NOT intact", output, StringComparison.Ordinal);
        Assert.Contains("hash does not match its content", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EntriesRemovedFromTheDatabase_AreDetected()
    {
        var (exitCode, output) = await AuditVerifyAfterTamperingAsync((database, _) => DeleteBlock(database, "alice"));

        Assert.True(exitCode == 1, output);
        Assert.Contains("audit log NOT intact", output, StringComparison.Ordinal);
        Assert.Contains("are missing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EntriesReorderedInTheDatabase_AreDetected()
    {
        var (exitCode, output) = await AuditVerifyAfterTamperingAsync(SwapTheDeferralsFirstTwoBlocks);

        Assert.True(exitCode == 1, output);
        Assert.Contains("audit log NOT intact", output, StringComparison.Ordinal);
        Assert.Contains("out of place", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_OlderCopyOfTheDatabaseRestored_FailsNamingTheWitnessedCheckpoint()
    {
        using var database = new TempDatabase("process");
        await using (var first = await GatewayProcess.StartAsync(Launch(database)))
        {
            await ApproveOneRequestAsync(first);
            Assert.Equal(1, await CheckpointAsync(first));
        }

        var backup = Backup(database.Path);
        await using (var second = await GatewayProcess.StartAsync(Launch(database)))
        {
            await ApproveOneRequestAsync(second);
            Assert.Equal(2, await CheckpointAsync(second));
        }

        Restore(database.Path, backup);

        await using var restored = await GatewayProcess.StartAsync(Launch(database));
        var (exitCode, output) = await AuditVerifyAsync(restored, Witness(database));
        var (withoutWitness, unwitnessedOutput) = await AuditVerifyAsync(restored, witness: null);

        Assert.True(exitCode == 1, output);
        Assert.Contains("audit log NOT intact", output, StringComparison.Ordinal);
        Assert.Matches(@"checkpoint 2 \(\d{4}-\d\d-\d\dT[\d:.]+Z\) witnessed \d+ entries in shard \d, the log holds \d+: entries were removed or the database was rolled back", output);

        // What the limits section of the README says: the database alone agrees with itself after a rollback.
        Assert.True(withoutWitness == 0, unwitnessedOutput);
        Assert.Contains("checked against checkpoint 1 (", unwitnessedOutput, StringComparison.Ordinal);

        // New traffic and a new "checkpoint 2" over the restored log: the file witness says so at once, and the log
        // still contradicts the checkpoint 2 witnessed before the restore.
        await ApproveOneRequestAsync(restored);
        Assert.Equal(2, await CheckpointAsync(restored));
        var (afterRegrowth, regrowthOutput) = await AuditVerifyAsync(restored, Witness(database));
        Assert.Contains("shows the database went back: checkpoint 2 comes after checkpoint 2 (", restored.Output, StringComparison.Ordinal);
        Assert.True(afterRegrowth == 1, regrowthOutput);
        Assert.Matches(@"checkpoint 2 \(\d{4}-", regrowthOutput);
    }

    /// <summary>Approves one request and checkpoints, changes the stopped server's database with <paramref name="tamper"/>, restarts and runs audit-verify.</summary>
    private static async Task<(int ExitCode, string Output)> AuditVerifyAfterTamperingAsync(Action<string, string> tamper)
    {
        using var database = new TempDatabase("process");
        string deferralId;
        await using (var before = await GatewayProcess.StartAsync(Launch(database)))
        {
            deferralId = await ApproveOneRequestAsync(before);
            await CheckpointAsync(before);
        }

        tamper(database.Path, deferralId);

        await using var after = await GatewayProcess.StartAsync(Launch(database));
        return await AuditVerifyAsync(after, Witness(database));
    }

    private static GatewayLaunch Launch(TempDatabase database) => new(database.Path)
    {
        Settings = new Dictionary<string, string> { ["DeferredOrleans__Audit__WitnessFile"] = Witness(database) },
    };

    /// <summary>Beside the database in this test; in production on storage the database's writers cannot change.</summary>
    private static string Witness(TempDatabase database) => Path.Combine(database.Directory, "witness", "audit-checkpoints.jsonl");

    /// <summary>A doc:write request routed to alice, approved: several audit entries, all in the deferral's shard. Returns its approval id.</summary>
    private static async Task<string> ApproveOneRequestAsync(GatewayProcess server)
    {
        using var client = new DemoClient(server.Address);
        var deferred = await client.TokenAsync(("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-789"), ("completion_mode", "deferred"));
        var code = deferred.GetProperty("deferral_code").GetString()!;

        using var approved = await client.ApproveAsync("alice", code);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var id = ApprovalIds.Of(code);
        using var trail = await client.SendAsync(HttpMethod.Get, $"/admin/audit?deferral={id}", Admin);
        var kinds = JsonDocument.Parse(await trail.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("decision.recorded", kinds);
        return id;
    }

    /// <summary>Makes a checkpoint now through the admin API (it goes to the witness file); returns its number.</summary>
    private static async Task<long> CheckpointAsync(GatewayProcess server)
    {
        using var client = new DemoClient(server.Address);
        using var response = await client.SendAsync(HttpMethod.Post, "/admin/audit/checkpoints", Admin);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("number").GetInt64();
    }

    /// <summary>Replaces bytes of the stored block that holds <paramref name="from"/> (Orleans' binary format: same-length edits stay readable).</summary>
    private static void EditBlock(string database, string from, string to)
    {
        using var connection = Open(database);
        var (key, payload) = Blocks(connection).First(b => Contains(b.Payload, from));
        Encoding.UTF8.GetBytes(to).CopyTo(payload, payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(from)));
        Assert.Equal(1, SetPayload(connection, key, payload));
    }

    private static void DeleteBlock(string database, string containing)
    {
        using var connection = Open(database);
        var key = Blocks(connection).First(b => Contains(b.Payload, containing)).Key;
        using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM OrleansStorage WHERE {Block} AND GrainIdExtensionString = $key";
        delete.Parameters.AddWithValue("$key", key);
        Assert.Equal(1, delete.ExecuteNonQuery());
    }

    /// <summary>The deferral's events are appended one at a time, so each is a block of its own in one shard; swap two.</summary>
    private static void SwapTheDeferralsFirstTwoBlocks(string database, string deferralId)
    {
        using var connection = Open(database);
        var blocks = Blocks(connection).Where(b => Contains(b.Payload, deferralId)).OrderBy(b => long.Parse(b.Key.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(blocks.Count >= 2, $"the deferral's events are in {blocks.Count} block(s)");
        Assert.Equal(1, SetPayload(connection, blocks[0].Key, blocks[1].Payload));
        Assert.Equal(1, SetPayload(connection, blocks[1].Key, blocks[0].Payload));
    }

    private const string Block = "GrainTypeString = 'audit-block'";

    private static List<(string Key, byte[] Payload)> Blocks(SqliteConnection connection)
    {
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT GrainIdExtensionString, PayloadBinary FROM OrleansStorage WHERE {Block}";
        using var reader = select.ExecuteReader();
        var blocks = new List<(string, byte[])>();
        while (reader.Read())
        {
            blocks.Add((reader.GetString(0), (byte[])reader[1]));
        }

        Assert.NotEmpty(blocks);
        return blocks;
    }

    private static int SetPayload(SqliteConnection connection, string key, byte[] payload)
    {
        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE OrleansStorage SET PayloadBinary = $payload WHERE {Block} AND GrainIdExtensionString = $key";
        update.Parameters.AddWithValue("$payload", payload);
        update.Parameters.AddWithValue("$key", key);
        return update.ExecuteNonQuery();
    }

    private static bool Contains(byte[] payload, string text) => payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>Copies of the database file and its -wal and -shm files, as a backup taken while the server is stopped.</summary>
    private static Dictionary<string, byte[]> Backup(string database)
    {
        SqliteConnection.ClearAllPools();
        return new[] { "", "-wal", "-shm" }.Where(s => File.Exists(database + s)).ToDictionary(s => s, s => File.ReadAllBytes(database + s));
    }

    private static void Restore(string database, Dictionary<string, byte[]> backup)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(database + suffix);
            if (backup.TryGetValue(suffix, out var bytes))
            {
                File.WriteAllBytes(database + suffix, bytes);
            }
        }
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
    }

    private static async Task<(int ExitCode, string Output)> AuditVerifyAsync(GatewayProcess server, string? witness)
    {
        string[] arguments = witness is null
            ? [GatewayProcess.GatewayAssembly(), "audit-verify", server.Address.ToString()]
            : [GatewayProcess.GatewayAssembly(), "audit-verify", server.Address.ToString(), "--witness", witness];
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DEFERRED_ORLEANS_ADMIN"] = Admin;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
