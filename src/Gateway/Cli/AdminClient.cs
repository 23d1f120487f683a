using System.Net.Http.Headers;
using System.Text;

namespace DeferredOrleans.Gateway.Cli;

/// <summary>
/// The admin API as the commands call it: the server's URL (second argument, default http://localhost:5080) and an
/// admin's credentials from <c>DEFERRED_ORLEANS_ADMIN=user:password</c>, never from the command line.
/// </summary>
public static class AdminClient
{
    /// <summary>The client, or null (exit code 2, a message on standard error) without credentials.</summary>
    public static async Task<HttpClient?> CreateAsync(string[] args)
    {
        var server = args.Length > 1 ? args[1] : "http://localhost:5080";
        var credentials = Environment.GetEnvironmentVariable("DEFERRED_ORLEANS_ADMIN");
        if (string.IsNullOrEmpty(credentials))
        {
            await Console.Error.WriteLineAsync("set DEFERRED_ORLEANS_ADMIN=user:password (a directory user with the admin role)");
            Environment.ExitCode = 2;
            return null;
        }

        var http = new HttpClient { BaseAddress = new Uri(server) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return http;
    }

    /// <summary>The body of a successful answer, or null (exit code 2, the status and body on standard error).</summary>
    public static async Task<string?> ReadAsync(string command, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return body;
        }

        await Console.Error.WriteLineAsync($"{command}: {(int)response.StatusCode} {body}");
        Environment.ExitCode = 2;
        return null;
    }
}
