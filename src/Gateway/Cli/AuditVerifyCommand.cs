using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.Gateway.Cli;

/// <summary>
/// <c>dotnet run --project src/Gateway -- audit-verify [URL]</c> with <c>DEFERRED_ORLEANS_ADMIN=user:password</c>:
/// asks the server to recompute the audit chain and exits 0 if it is intact, 1 if an entry was altered or removed.
/// </summary>
public static class AuditVerifyCommand
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "audit-verify")
        {
            return false;
        }

        var server = args.Length > 1 ? args[1] : "http://localhost:5080";
        var credentials = Environment.GetEnvironmentVariable("DEFERRED_ORLEANS_ADMIN");
        if (string.IsNullOrEmpty(credentials))
        {
            await Console.Error.WriteLineAsync("set DEFERRED_ORLEANS_ADMIN=user:password (a directory user with the admin role)");
            Environment.ExitCode = 2;
            return true;
        }

        using var http = new HttpClient { BaseAddress = new Uri(server) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        using var response = await http.GetAsync(new Uri("/admin/audit/verify", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"audit-verify: {(int)response.StatusCode} {body}");
            Environment.ExitCode = 2;
            return true;
        }

        using var result = JsonDocument.Parse(body);
        var intact = result.RootElement.GetProperty("intact").GetBoolean();
        Console.WriteLine(intact
            ? $"audit log intact: {result.RootElement.GetProperty("entries").GetInt64()} entries"
            : $"audit log NOT intact: {result.RootElement.GetProperty("problem").GetString()}");
        Environment.ExitCode = intact ? 0 : 1;
        return true;
    }
}
