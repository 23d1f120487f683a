using System.Security.Cryptography;
using System.Text;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Sessions;
using DeferredOrleans.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The gateways' Data Protection key ring in grain storage: stored encrypted under the key-encryption key, so the
/// SQLite file holds no master key in clear; readable after a restart; a ring stored in clear by an earlier version
/// encrypted on first use; useless under another key-encryption key.
/// </summary>
public sealed class SessionKeysGrainTests
{
    /// <summary>The row's type in SQLite storage: the grain's persistent state name.</summary>
    private const string GrainType = "session-keys";

    [Fact]
    public async Task SessionKeys_OnSqlite_TheFilesHoldNoMasterKeyInClearAndReadBackAfterARestart()
    {
        using var file = new SqliteFile();
        var (xml, masterKey) = DataProtectionKey();
        await using (var cluster = await TestCluster.StartAsync(file.Path))
        {
            await cluster.Grains.GetGrain<ISessionKeysGrain>(GrainKeys.SessionKeys).StoreAsync("key-1", xml);

            AssertNothingInClear(file, xml, masterKey);
        }

        AssertNothingInClear(file, xml, masterKey);
        await using (var cluster = await TestCluster.StartAsync(file.Path))
        {
            Assert.Equal(xml, Assert.Single(await cluster.Grains.GetGrain<ISessionKeysGrain>(GrainKeys.SessionKeys).GetAllAsync()));
        }
    }

    [Fact]
    public async Task SessionKeys_StoredInClearByAnEarlierVersion_AreEncryptedOnFirstUse()
    {
        using var file = new SqliteFile();
        var (xml, masterKey) = DataProtectionKey();
        await using (var cluster = await TestCluster.StartAsync(file.Path))
        {
            await cluster.Grains.GetGrain<ISessionKeysGrain>(GrainKeys.SessionKeys).StoreAsync("placeholder", "<key/>");
            var serializer = cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainStorageSerializer>();
            var clear = serializer.Serialize(new SessionKeysState { Keys = { ["key-1"] = xml } }).ToArray();
            Assert.True(clear.AsSpan().IndexOf(Encoding.UTF8.GetBytes(masterKey)) >= 0, "the earlier version's state holds the key in clear");
            await cluster.Cluster.StopAllSilosAsync();
            file.ReplacePayload(GrainType, GrainKeys.SessionKeys, clear);
        }

        await using (var cluster = await TestCluster.StartAsync(file.Path))
        {
            Assert.Equal(xml, Assert.Single(await cluster.Grains.GetGrain<ISessionKeysGrain>(GrainKeys.SessionKeys).GetAllAsync()));

            // The state only: SQLite's files may still hold the page this test wrote in clear behind the server's back.
            AssertNothingInClear(file, xml, masterKey, files: false);
        }
    }

    [Fact]
    public async Task SessionKeys_RestartedWithAnotherKeyEncryptionKey_CannotBeDecrypted()
    {
        using var file = new SqliteFile();
        await using (var cluster = await TestCluster.StartAsync(file.Path))
        {
            await cluster.Grains.GetGrain<ISessionKeysGrain>(GrainKeys.SessionKeys).StoreAsync("key-1", DataProtectionKey().Xml);
        }

        var elsewhere = Directory.CreateTempSubdirectory("deferred-orleans-kek-").FullName;
        try
        {
            await using var cluster = await TestCluster.StartAsync(file.Path, settings: new Dictionary<string, string?> { ["DeferredOrleans:Keys:Directory"] = elsewhere });

            await Assert.ThrowsAnyAsync<CryptographicException>(() => cluster.Grains.GetGrain<ISessionKeysGrain>(GrainKeys.SessionKeys).GetAllAsync());
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    /// <summary>A key element as Data Protection writes it (unencrypted descriptor), with a fresh 512-bit master key.</summary>
    private static (string Xml, string MasterKey) DataProtectionKey()
    {
        var masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        var xml = $"""<key id="{Guid.NewGuid()}" version="1"><creationDate>2026-11-30T09:00:00Z</creationDate><activationDate>2026-11-30T09:00:00Z</activationDate><expirationDate>2027-02-28T09:00:00Z</expirationDate><descriptor deserializerType="Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel.AuthenticatedEncryptorDescriptorDeserializer"><descriptor><encryption algorithm="AES_256_CBC" /><validation algorithm="HMACSHA256" /><masterKey p4:requiresEncryption="true" xmlns:p4="http://schemas.asp.net/2015/03/dataProtection"><!-- Warning: the key below is in an unencrypted form. --><value>{masterKey}</value></masterKey></descriptor></descriptor></key>""";
        return (xml, masterKey);
    }

    /// <summary>The stored state holds no key material in clear; with <paramref name="files"/>, nor do the database's files.</summary>
    private static void AssertNothingInClear(SqliteFile file, string xml, string masterKey, bool files = true)
    {
        var stored = file.Payload(GrainType, GrainKeys.SessionKeys);
        Assert.NotNull(stored);
        foreach (var needle in new[] { masterKey, "masterKey", "<key" })
        {
            Assert.True(stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) < 0, $"the stored key ring holds '{needle}' in clear");
            Assert.True(stored.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) < 0, $"the stored key ring holds '{needle}' in clear (UTF-16)");
        }

        Assert.True(stored.AsSpan().IndexOf(Convert.FromBase64String(masterKey)) < 0, "the stored key ring holds the master key's bytes");
        Assert.True(stored.Length > xml.Length, "the stored key ring is missing its key");
        foreach (var path in files ? file.Files : [])
        {
            var bytes = ReadShared(path);
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(masterKey)) < 0, $"{Path.GetFileName(path)} holds the master key in clear");
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
