using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The audit log is hash-chained: editing or removing a stored entry behind the server's back (here, bytes in the
/// SQLite file while the server is stopped) is reported by the <c>audit-verify</c> command after a restart.
/// </summary>
public sealed class AuditTamperTests
{
    private const string Admin = "dave:demo";

    [Fact]
    public async Task AuditVerify_UntouchedLog_IsIntact()
    {
        using var database = new TempDatabase("process");
        await using var server = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path));
        await ApproveOneRequestAsync(server);

        var (exitCode, output) = await AuditVerifyAsync(server);

        Assert.True(exitCode == 0, output);
        Assert.Contains("audit log intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EntryEditedInTheDatabase_IsDetected()
    {
        // Rewrite who approved: same length, still readable, so only the hash chain can tell.
        var (exitCode, output) = await AuditVerifyAfterTamperingAsync(database => EditAuditSegment(database, "alice", "eve01"));

        Assert.True(exitCode == 1, output);
        Assert.Contains("audit log NOT intact", output, StringComparison.Ordinal);
        Assert.Contains("hash does not match its content", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EntriesRemovedFromTheDatabase_AreDetected()
    {
        var (exitCode, output) = await AuditVerifyAfterTamperingAsync(DeleteAuditSegment);

        Assert.True(exitCode == 1, output);
        Assert.Contains("audit log NOT intact", output, StringComparison.Ordinal);
        Assert.Contains("are missing", output, StringComparison.Ordinal);
    }

    /// <summary>Approves one request, changes the stopped server's database with <paramref name="tamper"/>, restarts the server and runs audit-verify.</summary>
    private static async Task<(int ExitCode, string Output)> AuditVerifyAfterTamperingAsync(Action<string> tamper)
    {
        using var database = new TempDatabase("process");
        await using (var before = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)))
        {
            await ApproveOneRequestAsync(before);
        }

        tamper(database.Path);

        await using var after = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path));
        return await AuditVerifyAsync(after);
    }

    /// <summary>A doc:write request routed to alice, approved and redeemed: several audit entries.</summary>
    private static async Task ApproveOneRequestAsync(GatewayProcess server)
    {
        using var client = new DemoClient(server.Address);
        var deferred = await client.TokenAsync(("grant_type", "client_credentials"), ("scope", "doc:write"), ("resource", "doc-789"), ("completion_mode", "deferred"));
        var code = deferred.GetProperty("deferral_code").GetString()!;

        using var approved = await client.ApproveAsync("alice", code);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        using var trail = await client.SendAsync(HttpMethod.Get, $"/admin/audit?deferral={ApprovalIds.Of(code)}", Admin);
        var kinds = JsonDocument.Parse(await trail.Content.ReadAsStringAsync()).RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Contains("decision.recorded", kinds);
    }

    /// <summary>Replaces bytes of the stored segment (Orleans' binary format: same-length edits stay readable).</summary>
    private static void EditAuditSegment(string database, string from, string to)
    {
        using var connection = Open(database);
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT PayloadBinary FROM OrleansStorage WHERE {Segment0}";
        var payload = (byte[])select.ExecuteScalar()!;

        var at = payload.AsSpan().IndexOf(Encoding.UTF8.GetBytes(from));
        Assert.True(at >= 0, $"'{from}' is in the stored segment");
        Encoding.UTF8.GetBytes(to).CopyTo(payload, at);
        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE OrleansStorage SET PayloadBinary = $payload WHERE {Segment0}";
        update.Parameters.AddWithValue("$payload", payload);
        Assert.Equal(1, update.ExecuteNonQuery());
    }

    private static void DeleteAuditSegment(string database)
    {
        using var connection = Open(database);
        using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM OrleansStorage WHERE {Segment0}";
        Assert.Equal(1, delete.ExecuteNonQuery());
    }

    private const string Segment0 = "GrainIdExtensionString = 'segment-0'";

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        return connection;
    }

    private static async Task<(int ExitCode, string Output)> AuditVerifyAsync(GatewayProcess server)
    {
        var start = new ProcessStartInfo("dotnet", [GatewayProcess.GatewayAssembly(), "audit-verify", server.Address.ToString()])
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
