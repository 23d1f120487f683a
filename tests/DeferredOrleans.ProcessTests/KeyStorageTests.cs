using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DeferredOrleans.ProcessTests;

/// <summary>
/// The server as a real process keeps its keys where a copy of the database does not give them away: the SQLite
/// files hold no private key, they and the key-encryption key ring are readable by the server's user only, and a
/// restart finds the same keys, so tokens issued before it (by a key since rotated too) still verify.
/// </summary>
public sealed class KeyStorageTests
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerDirectory = OwnerFile | UnixFileMode.UserExecute;

    /// <summary>
    /// The start of every P-256 private key in PKCS#8 (RFC 5208: version 0, id-ecPublicKey with prime256v1, then the
    /// private key octet string), as the previous version stored it.
    /// </summary>
    private static readonly byte[] Pkcs8P256 = Convert.FromHexString("020100301306072A8648CE3D020106082A8648CE3D030107046D306B0201010420");

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Server_KeysAtRestAndAcrossARestart_NoKeyInTheDatabaseOwnerOnlyFilesAndOldTokensStillVerify()
    {
        using var temp = new TempDatabase("process-keys");
        var data = Path.Combine(temp.Directory, "data");
        var launch = new GatewayLaunch(Path.Combine(data, "deferred-orleans.db"))
        {
            // The same address, so the same issuer, after the restart.
            Port = LoopbackPorts.Free(),
            Settings = new Dictionary<string, string>
            {
                ["DeferredOrleans__Keys__PublicationDelay"] = "00:00:02",
                ["DeferredOrleans__Keys__JwksCacheTime"] = "00:00:01",
                ["DeferredOrleans__Keys__RefreshInterval"] = "00:00:01",
            },
        };

        string first, second;
        await using (var before = await GatewayProcess.StartAsync(launch))
        {
            using var http = new HttpClient { BaseAddress = before.Address };
            first = await IssueAsync(http);

            // The next key was published with the first one; once it has been for the 2 s delay, the command rotates.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            var (exitCode, output) = await RotateSigningKeyAsync(before);
            Assert.True(exitCode == 0, output);
            Assert.Contains("signing key rotated", output, StringComparison.Ordinal);
            second = await IssueAsync(http);
            Assert.NotEqual(Kid(first), Kid(second));

            AssertOwnerOnly(data);
            AssertNoPrivateKey(data);
            await before.KillAsync();
        }

        AssertOwnerOnly(data);
        AssertNoPrivateKey(data);

        await using var after = await GatewayProcess.StartAsync(launch);
        using var client = new HttpClient { BaseAddress = after.Address };
        var jwks = await client.GetFromJsonAsync<JsonElement>(new Uri("/jwks", UriKind.Relative));
        foreach (var token in new[] { first, second })
        {
            Assert.True(VerifiesWith(token, jwks), $"the token signed by {Kid(token)} before the restart does not verify with /jwks");
            Assert.True(await ActiveAsync(client, token), $"the token signed by {Kid(token)} before the restart does not introspect as active");
        }

        Assert.Equal(Kid(second), Kid(await IssueAsync(client)));
    }

    [UnsupportedOSPlatform("windows")]
    private static void AssertOwnerOnly(string data)
    {
        Assert.Equal(OwnerDirectory, File.GetUnixFileMode(data));
        var database = Path.Combine(data, "deferred-orleans.db");
        Assert.All(new[] { database, database + "-wal", database + "-shm" }.Where(File.Exists).Prepend(database), f => Assert.Equal(OwnerFile, File.GetUnixFileMode(f)));
        var keys = Path.Combine(data, "keys");
        Assert.Equal(OwnerDirectory, File.GetUnixFileMode(keys));
        Assert.NotEmpty(Directory.GetFiles(keys));
        Assert.All(Directory.GetFiles(keys), f => Assert.Equal(OwnerFile, File.GetUnixFileMode(f)));
    }

    private static void AssertNoPrivateKey(string data)
    {
        foreach (var file in Directory.GetFiles(data, "deferred-orleans.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.True(copy.ToArray().AsSpan().IndexOf(Pkcs8P256) < 0, $"{Path.GetFileName(file)} holds a P-256 private key in clear");
        }
    }

    private static async Task<string> IssueAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/token", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("grant_type", "client_credentials"), KeyValuePair.Create("scope", "docs:read")]),
        };
        request.Headers.Authorization = Basic("agent:agent-secret");
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("access_token").GetString()!;
    }

    private static async Task<bool> ActiveAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/introspect", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("token", token)]),
        };
        request.Headers.Authorization = Basic("my-api:api-secret");
        using var response = await http.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean();
    }

    private static async Task<(int ExitCode, string Output)> RotateSigningKeyAsync(GatewayProcess server)
    {
        var start = new ProcessStartInfo("dotnet", [GatewayProcess.GatewayAssembly(), "rotate-signing-key", server.Address.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DEFERRED_ORLEANS_ADMIN"] = "dave:demo";
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    /// <summary>Whether the ES256 signature verifies with the published key the token's kid names.</summary>
    private static bool VerifiesWith(string jwt, JsonElement jwks)
    {
        var parts = jwt.Split('.');
        var key = jwks.GetProperty("keys").EnumerateArray().FirstOrDefault(k => k.GetProperty("kid").GetString() == Kid(jwt));
        if (key.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        using var ec = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = Base64Url.DecodeFromChars(key.GetProperty("x").GetString()), Y = Base64Url.DecodeFromChars(key.GetProperty("y").GetString()) },
        });
        return ec.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256);
    }

    private static string Kid(string jwt) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[0])).RootElement.GetProperty("kid").GetString()!;

    private static AuthenticationHeaderValue Basic(string credentials) => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
}
