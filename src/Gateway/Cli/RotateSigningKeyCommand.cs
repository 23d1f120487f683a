using System.Text;
using System.Text.Json;

namespace DeferredOrleans.Gateway.Cli;

/// <summary>
/// <c>dotnet run --project src/Gateway -- rotate-signing-key [URL]</c> with <c>DEFERRED_ORLEANS_ADMIN=user:password</c>:
/// asks the server to rotate its signing keys (<c>POST /admin/keys/rotate</c>) and prints what it did and the keys.
/// Exits 0 when the keys rotated or the rotation is scheduled, 2 when the server refused.
/// </summary>
public static class RotateSigningKeyCommand
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "rotate-signing-key")
        {
            return false;
        }

        using var http = await AdminClient.CreateAsync(args);
        if (http is null)
        {
            return true;
        }

        using var content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/admin/keys/rotate", UriKind.Relative), content);
        if (await AdminClient.ReadAsync("rotate-signing-key", response) is not { } body)
        {
            return true;
        }

        using var result = JsonDocument.Parse(body);
        var root = result.RootElement;
        Console.WriteLine(root.GetProperty("outcome").GetString() == "rotated"
            ? $"signing key rotated: {root.GetProperty("current").GetString()} signs now"
            : $"rotation scheduled for {root.GetProperty("promotion_at")}: the next key is not yet published long enough");
        foreach (var key in root.GetProperty("keys").EnumerateArray())
        {
            var retires = key.GetProperty("retires_at") is { ValueKind: JsonValueKind.String } at ? $", published until {at.GetString()}" : "";
            Console.WriteLine($"  {key.GetProperty("kid").GetString()}  {key.GetProperty("state").GetString()}, created {key.GetProperty("created").GetString()}{retires}");
        }

        Environment.ExitCode = 0;
        return true;
    }
}
