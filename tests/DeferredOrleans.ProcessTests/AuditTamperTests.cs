using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
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
        using var database = new TempDatabase("process");
        await using (var before = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)))
        {
            await ApproveOneRequestAsync(before);
        }

        // Rewrite who approved: same length, still readable, so only the hash chain can tell.
        EditAuditSegment(database.Path, "alice", "eve01");

        await using var after = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path));
        var (exitCode, output) = await AuditVerifyAsync(after);

        Assert.True(exitCode == 1, output);
        Assert.Contains("audit log NOT intact", output, StringComparison.Ordinal);
        Assert.Contains("hash does not match its content", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_EntriesRemovedFromTheDatabase_AreDetected()
    {
        using var database = new TempDatabase("process");
        await using (var before = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path)))
        {
            await ApproveOneRequestAsync(before);
        }

        DeleteAuditSegment(database.Path);

        await using var after = await GatewayProcess.StartAsync(new GatewayLaunch(database.Path));
        var (exitCode, output) = await AuditVerifyAsync(after);

        Assert.True(exitCode == 1, output);
        Assert.Contains("audit log NOT intact", output, StringComparison.Ordinal);
        Assert.Contains("are missing", output, StringComparison.Ordinal);
    }

    /// <summary>A doc:write request routed to alice, approved and redeemed: several audit entries.</summary>
    private static async Task ApproveOneRequestAsync(GatewayProcess server)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        using var token = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent([
                KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "doc:write"),
                KeyValuePair.Create("resource", "doc-789"), KeyValuePair.Create("completion_mode", "deferred")]),
        };
        token.Headers.Authorization = Basic("agent:agent-secret");
        using var deferred = await http.SendAsync(token);
        var code = JsonDocument.Parse(await deferred.Content.ReadAsStringAsync()).RootElement.GetProperty("deferral_code").GetString()!;

        var id = ApprovalIds.Of(code);
        using var approve = new HttpRequestMessage(HttpMethod.Post, $"/approvals/{id}/approve") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        approve.Headers.Authorization = Basic("alice:demo");
        using var approved = await http.SendAsync(approve);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        using var audit = new HttpRequestMessage(HttpMethod.Get, $"/admin/audit?deferral={id}");
        audit.Headers.Authorization = Basic(Admin);
        using var trail = await http.SendAsync(audit);
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

    private static AuthenticationHeaderValue Basic(string credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
}
