using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace DeferredOrleans.TestSupport;

/// <summary>
/// A real SMTP server on loopback: Debian's aiosmtpd (<c>python3 -m aiosmtpd</c>, installed by
/// <c>scripts/install-tools.sh</c>) writing every message it accepts into a Maildir. It can be stopped and started again
/// on the same port, to play a server that is down for a while.
/// </summary>
public sealed class SmtpServer : IDisposable
{
    private Process? _process;

    public SmtpServer()
    {
        Port = LoopbackPorts.Free();
        Maildir = Path.Combine(Path.GetTempPath(), $"deferred-orleans-mail-{Guid.NewGuid():N}");
    }

    public int Port { get; }

    public string Maildir { get; }

    public bool Running => _process is { HasExited: false };

    /// <summary>Debian's interpreter, which has the package; a pyenv or venv python first in PATH may not.</summary>
    private static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static async Task<SmtpServer> StartedAsync()
    {
        var server = new SmtpServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts the server and returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo(Python)
        {
            ArgumentList = { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", Maildir },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with {_process.ExitCode}; install it with: apt-get install python3-aiosmtpd");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException("aiosmtpd did not start listening within 20 s.");
    }

    /// <summary>Stops the server; what it accepted stays in the Maildir.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message accepted so far, as received.</summary>
    public IReadOnlyList<Received> Messages()
    {
        var files = new[] { "new", "cur" }.Select(d => Path.Combine(Maildir, d)).Where(Directory.Exists).SelectMany(Directory.GetFiles).Order(StringComparer.Ordinal);
        return [.. files.Select(f => new Received(File.ReadAllText(f), MimeMessage.Load(f)))];
    }

    /// <summary>Waits (on the real clock) until the messages satisfy <paramref name="done"/>.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, int seconds = 30)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var messages = Messages();
            if (done(messages))
            {
                return messages;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The SMTP server got {Messages().Count} message(s), not what the test waited for.");
    }

    public void Dispose()
    {
        Stop();
        if (Directory.Exists(Maildir))
        {
            Directory.Delete(Maildir, recursive: true);
        }
    }

    /// <summary>One message as the server stored it: the raw text, and parsed.</summary>
    public sealed record Received(string Raw, MimeMessage Message)
    {
        public string Text => Message.TextBody ?? "";

        public string Html => Message.HtmlBody ?? "";
    }
}
