using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;

namespace DeferredOrleans.HttpTests;

/// <summary>
/// The gateway's Data Protection key ring (session cookies, anti-forgery tokens) in a co-hosted silo's SQLite
/// storage: encrypted under the key-encryption key, whose own ring is in its directory and not in the database.
/// </summary>
[Collection(InboxGatewayCollection.Name)]
public sealed class SessionKeyStorageTests(InboxGatewayFactory factory)
{
    [Fact]
    public async Task SignIn_StoresTheSessionKeyRingEncryptedAndTheKeyEncryptionKeyOutsideTheDatabase()
    {
        var session = new InboxSession(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync("bob")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/inbox")).Status);

        var stored = Payload("session-keys");
        Assert.NotNull(stored);
        foreach (var needle in new[] { "masterKey", "<key", "<value>", "descriptor" })
        {
            Assert.True(stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"the stored session key ring holds '{needle}' in clear");
        }

        // The key-encryption key's ring: files in its own directory (the session ring in the database cannot stand in for it).
        Assert.NotEmpty(Directory.GetFiles(factory.KeysDirectory, "key-*.xml"));
    }

    private byte[]? Payload(string grainType)
    {
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT PayloadBinary FROM OrleansStorage WHERE GrainTypeString = $type";
        command.Parameters.AddWithValue("$type", grainType);
        return command.ExecuteScalar() as byte[];
    }
}
