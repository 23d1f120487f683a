using System.Text;
using System.Text.Json;

namespace DeferredOrleans.Gateway.Cli;

/// <summary>
/// <c>dotnet run --project src/Gateway -- audit-verify [URL] [--witness FILE]</c> with
/// <c>DEFERRED_ORLEANS_ADMIN=user:password</c>: asks the server to recompute every shard's chain and check it against
/// the checkpoints in the witness file (without one, against the latest checkpoint in the database, which cannot reveal
/// a rollback); exits 0 if intact, 1 if an entry was altered, removed, reordered or rolled back.
/// </summary>
public static class AuditVerifyCommand
{
    private const string WitnessOption = "--witness";

    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "audit-verify")
        {
            return false;
        }

        var at = Array.IndexOf(args, WitnessOption);
        if (at >= 0 && at + 1 >= args.Length)
        {
            await Console.Error.WriteLineAsync($"audit-verify: {WitnessOption} needs the witness file's path");
            Environment.ExitCode = 2;
            return true;
        }

        var witness = at >= 0 ? args[at + 1] : null;
        if (witness is not null && !File.Exists(witness))
        {
            await Console.Error.WriteLineAsync($"audit-verify: the witness file {witness} does not exist");
            Environment.ExitCode = 2;
            return true;
        }

        using var http = await AdminClient.CreateAsync(at >= 0 ? [.. args[..at], .. args[(at + 2)..]] : args);
        if (http is null)
        {
            return true;
        }

        using var response = witness is null
            ? await http.GetAsync(new Uri("/admin/audit/verify", UriKind.Relative))
            : await http.PostAsync(new Uri("/admin/audit/verify", UriKind.Relative), new StringContent(await File.ReadAllTextAsync(witness), Encoding.UTF8, "application/x-ndjson"));
        if (await AdminClient.ReadAsync("audit-verify", response) is not { } body)
        {
            return true;
        }

        using var result = JsonDocument.Parse(body);
        var root = result.RootElement;
        var intact = root.GetProperty("intact").GetBoolean();
        var checkpoint = root.GetProperty("checkpoint").GetString();
        var against = checkpoint is null ? "no checkpoint yet" : $"checked against {checkpoint}{(witness is null ? " from the database; without --witness a rollback goes unseen" : $" witnessed in {witness}")}";
        Console.WriteLine(intact
            ? $"audit log intact: {root.GetProperty("entries").GetInt64()} entries, {against}"
            : $"audit log NOT intact: {root.GetProperty("problem").GetString()}");
        Environment.ExitCode = intact ? 0 : 1;
        return true;
    }
}
