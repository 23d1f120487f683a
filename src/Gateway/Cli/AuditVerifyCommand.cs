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

        using var http = await AdminClient.CreateAsync(args);
        if (http is null)
        {
            return true;
        }

        using var response = await http.GetAsync(new Uri("/admin/audit/verify", UriKind.Relative));
        if (await AdminClient.ReadAsync("audit-verify", response) is not { } body)
        {
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
