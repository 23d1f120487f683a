using System.Diagnostics;
using System.Globalization;
using DeferredOrleans.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DeferredOrleans.Bench;

/// <summary>
/// The machine's ceiling: a trivial Kestrel endpoint that reads a form and answers a small JSON body, run by the
/// bench itself (<c>--ceiling</c>) as a process of its own with the gateway's GC settings, and driven by the same load
/// generators in the same run, so every phase can be given as a fraction of it.
/// </summary>
internal static class Ceiling
{
    /// <summary><c>--ceiling</c>: serve <c>POST /token</c> at <c>ASPNETCORE_URLS</c> until killed.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            return TypedResults.Ok(new CeilingAnswer(form["grant_type"].ToString(), "Bearer", 3600));
        });
        await app.RunAsync();
        return 0;
    }

    /// <summary>Starts the ceiling process on a free loopback port and waits until it answers.</summary>
    public static async Task<CeilingProcess> StartAsync()
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        var start = new ProcessStartInfo("dotnet", [typeof(Ceiling).Assembly.Location, "--ceiling"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_URLS"] = address.ToString();

        // The gateway runs with server GC (the Web SDK's default); so does its ceiling.
        start.Environment["DOTNET_gcServer"] = "1";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = address };
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var response = await http.PostAsync(new Uri("/token", UriKind.Relative), new FormUrlEncodedContent([new("grant_type", "client_credentials")]));
                if (response.IsSuccessStatusCode)
                {
                    return new CeilingProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill();
        throw new TimeoutException("the ceiling endpoint did not start");
    }
}

/// <summary>The small JSON answer of the ceiling endpoint, the size of a token error or a short token response.</summary>
internal sealed record CeilingAnswer(string GrantType, string TokenType, int ExpiresIn);

/// <summary>The running ceiling endpoint; disposing kills it.</summary>
internal sealed class CeilingProcess(Process process, Uri address) : IDisposable
{
    public Uri Address { get; } = address;

    public int ProcessId => process.Id;

    public void Dispose()
    {
        process.Kill();
        process.WaitForExit();
        process.Dispose();
    }
}

/// <summary>CPU seconds (user + system) a process has used so far, from /proc (Linux).</summary>
internal static class ProcessCpu
{
    public static double Seconds(int processId)
    {
        // /proc/<pid>/stat: the command may contain spaces, so count fields after its closing parenthesis.
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    public static double Own() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
}
