using System.Runtime.Versioning;
using System.Security.Cryptography;
using DeferredOrleans.Abstractions;
using DeferredOrleans.Abstractions.Keys;
using Microsoft.Extensions.Time.Testing;

namespace DeferredOrleans.GrainTests;

/// <summary>
/// The key ring grain: signing keys moving through next, current and retired on a fake clock; a ring stored in SQLite
/// with no key in clear, in files only the server's user may read; a ring stored in clear by an earlier version
/// rewritten encrypted; and a database that is useless without its key-encryption key ring.
/// </summary>
public sealed class KeyRingGrainTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMinutes(6);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(11);
    private static readonly KeyRotationRequest Rotation = new(Delay, Lifetime);

    /// <summary>
    /// A key ring as the version before encryption at rest stored it (KeyRingState with the clear KeyRing at id 0,
    /// written by the storage serializer at commit 0c33e4d): key id below, pairwise secret bytes 1..32, sealing key
    /// bytes 101..132, created 2026-01-02T03:04:05Z.
    /// </summary>
    private const string StoredInClear =
        "ICDoQFdQR0ZyWWlCQmY1R2E5Z2czR0RsR1VlcGdpbVBBWXNjWWlSRUZGT0RpRHNJQSoCMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIB" +
        "AQQgtevbqv5EKfbGTk7tF7HOxSoAsgbyyDBh2SEc0uUHj7ChRANCAATCi+GBBSrOb7pQCxvIKaDnUGmAQkK81XIb7WhmorgOpG0ujp/dBM8v4dWk" +
        "oQlWWBKukdLeaoL7vlZvGXUNfElhQUEBAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICGAgAC3lqtJ3giBAAAAAAAAAADgQUFlZmdoaWpr" +
        "bG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhODg";

    private const string StoredInClearKeyId = "PGFrYiBBf5Ga9gg3GDlGUepgimPAYscYiREFFODiDsI";

    [Fact]
    public async Task Rotation_OnTheClock_KeysGoFromNextToCurrentToRetiredAndLeaveWhenTheirTokensHaveExpired()
    {
        await using var cluster = await TestCluster.StartAsync();
        var t0 = cluster.Time.GetUtcNow();
        var grain = cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing);

        var first = await grain.GetAsync();
        var (a, b) = (first.Current.Info.KeyId, first.SigningKeys.Single(k => k.Info.State == SigningKeyState.Next).Info.KeyId);
        Assert.Equal([(a, SigningKeyState.Current, t0), (b, SigningKeyState.Next, t0)], first.SigningKeys.Select(k => (k.Info.KeyId, k.Info.State, k.Info.CreatedAt)));
        Assert.NotNull(first.Current.PrivateKeyPkcs8);
        Assert.Null(first.SigningKeys.Single(k => k.Info.KeyId == b).PrivateKeyPkcs8);

        // Too soon: b has been published for a minute only, so its promotion is scheduled for when it has been for the delay.
        cluster.Time.Advance(TimeSpan.FromMinutes(1));
        var scheduled = await grain.RotateAsync(Rotation);
        Assert.Equal(KeyRotationOutcome.Scheduled, scheduled.Outcome);
        Assert.Equal(new PendingPromotion(t0 + Delay, Lifetime), scheduled.Schedule.Pending);
        Assert.Equal(a, (await grain.GetAsync()).Current.Info.KeyId);

        cluster.Time.Advance(Delay - TimeSpan.FromMinutes(1));
        var promoted = await grain.GetAsync();
        var promotedAt = t0 + Delay;
        var c = promoted.SigningKeys.Single(k => k.Info.State == SigningKeyState.Next).Info.KeyId;
        Assert.Equal<SigningKeyInfo>(
            [
                new SigningKeyInfo(a, SigningKeyState.Retired, t0, t0, promotedAt, promotedAt + Lifetime),
                new SigningKeyInfo(b, SigningKeyState.Current, t0, promotedAt),
                new SigningKeyInfo(c, SigningKeyState.Next, promotedAt),
            ],
            promoted.SigningKeys.Select(k => k.Info));
        Assert.Null(promoted.Pending);
        Assert.Equal(first.SealingKey, promoted.SealingKey);
        Assert.Equal(first.PairwiseSecret, promoted.PairwiseSecret);

        // c has been published for the delay: the next rotation is immediate.
        cluster.Time.Advance(Delay);
        var rotated = await grain.RotateAsync(Rotation);
        var rotatedAt = promotedAt + Delay;
        Assert.Equal(KeyRotationOutcome.Rotated, rotated.Outcome);
        Assert.Equal(
            [(a, SigningKeyState.Retired, promotedAt + Lifetime), (b, SigningKeyState.Retired, rotatedAt + Lifetime), (c, SigningKeyState.Current, null)],
            rotated.Schedule.Keys.Take(3).Select(k => (k.KeyId, k.State, k.RetiresAt)));

        cluster.Time.Advance(promotedAt + Lifetime - rotatedAt - TimeSpan.FromSeconds(1));
        Assert.Contains(a, (await grain.GetScheduleAsync()).Keys.Select(k => k.KeyId));
        cluster.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([b, c], (await grain.GetAsync()).SigningKeys.Where(k => k.Info.State != SigningKeyState.Next).Select(k => k.Info.KeyId));
        cluster.Time.Advance(Delay);
        Assert.Equal([SigningKeyState.Current, SigningKeyState.Next], (await grain.GetScheduleAsync()).Keys.Select(k => k.State));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task KeyRing_OnSqlite_TheFilesHoldNoKeyInClearAndOnlyTheServersUserMayReadThem()
    {
        using var file = new SqliteFile();
        var secrets = new List<(string Name, byte[] Bytes)>();
        await using (var cluster = await TestCluster.StartAsync(file.Path))
        {
            var grain = cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing);
            var ring = await grain.GetAsync();
            cluster.Time.Advance(Delay);
            Assert.Equal(KeyRotationOutcome.Rotated, (await grain.RotateAsync(Rotation)).Outcome);
            var rotated = await grain.GetAsync();
            secrets.AddRange([
                ("sealing key", ring.SealingKey),
                ("pairwise secret", ring.PairwiseSecret),
                ("first signing key, PKCS#8", ring.Current.PrivateKeyPkcs8!),
                ("first signing key, private scalar", PrivateScalar(ring.Current)),
                ("second signing key, PKCS#8", rotated.Current.PrivateKeyPkcs8!),
                ("second signing key, private scalar", PrivateScalar(rotated.Current)),
            ]);

            AssertNoSecretIn(file, secrets);
        }

        // Once stopped (the WAL checkpointed into the database file) too.
        AssertNoSecretIn(file, secrets);
        Assert.All(file.Files, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
        var keys = SqliteFile.KeysDirectory(file.Path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
        Assert.NotEmpty(Directory.GetFiles(keys));
        Assert.All(Directory.GetFiles(keys), f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f)));
    }

    [Fact]
    public async Task KeyRing_StoredInClearByAnEarlierVersion_IsReadOnceAndRewrittenEncrypted()
    {
        using var file = new SqliteFile();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        await using (var cluster = await TestCluster.StartAsync(file.Path, time: time))
        {
            await cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
        }

        var clear = Convert.FromBase64String(StoredInClear);
        file.ReplacePayload("keyring", GrainKeys.KeyRing, clear);
        var pairwise = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var sealing = Enumerable.Range(101, 32).Select(i => (byte)i).ToArray();
        var versionBefore = file.StateVersion("keyring", GrainKeys.KeyRing);

        await using (var cluster = await TestCluster.StartAsync(file.Path, time: time))
        {
            var ring = await cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();

            // The same keys: tokens signed and secrets sealed before the upgrade stay good.
            Assert.Equal(StoredInClearKeyId, ring.Current.Info.KeyId);
            Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), ring.Current.Info.CreatedAt);
            Assert.True(clear.AsSpan().IndexOf(ring.Current.PrivateKeyPkcs8) > 0);
            Assert.Equal(pairwise, ring.PairwiseSecret);
            Assert.Equal(sealing, ring.SealingKey);
            Assert.Equal([SigningKeyState.Current, SigningKeyState.Next], ring.SigningKeys.Select(k => k.Info.State));

            var stored = file.Payload("keyring", GrainKeys.KeyRing)!;
            Assert.Equal(versionBefore + 1, file.StateVersion("keyring", GrainKeys.KeyRing));
            Assert.True(stored.AsSpan().IndexOf(ring.Current.PrivateKeyPkcs8) < 0, "the stored ring still holds the signing key in clear");
            Assert.True(stored.AsSpan().IndexOf(pairwise) < 0 && stored.AsSpan().IndexOf(sealing) < 0, "the stored ring still holds a secret in clear");
            Assert.True(stored.AsSpan().IndexOf(PrivateScalar(ring.Current)) < 0);
        }

        // Read once: the next start finds the encrypted form and writes nothing.
        var version = file.StateVersion("keyring", GrainKeys.KeyRing);
        await using (var cluster = await TestCluster.StartAsync(file.Path, time: time))
        {
            Assert.Equal(StoredInClearKeyId, (await cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync()).Current.Info.KeyId);
        }

        Assert.Equal(version, file.StateVersion("keyring", GrainKeys.KeyRing));
    }

    [Fact]
    public async Task KeyRing_RestartedWithAnotherKeyEncryptionKey_CannotBeDecrypted()
    {
        using var file = new SqliteFile();
        await using (var cluster = await TestCluster.StartAsync(file.Path))
        {
            await cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync();
        }

        var elsewhere = Directory.CreateTempSubdirectory("deferred-orleans-kek-").FullName;
        try
        {
            await using var cluster = await TestCluster.StartAsync(file.Path, settings: new Dictionary<string, string?> { ["DeferredOrleans:Keys:Directory"] = elsewhere });

            await Assert.ThrowsAnyAsync<CryptographicException>(() => cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync());
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task KeyEncryptionKeyRing_ProtectedWithACertificate_HoldsNoKeyInClearAndDecryptsAfterARestart()
    {
        using var file = new SqliteFile();
        var pfx = file.Path + ".pfx";
        using (var rsa = RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=deferred-orleans-kek", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(pfx, certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pfx, "kek-password"));
        }

        var settings = new Dictionary<string, string?> { ["DeferredOrleans:Keys:CertificatePath"] = pfx, ["DeferredOrleans:Keys:CertificatePassword"] = "kek-password" };
        try
        {
            byte[] sealing;
            await using (var cluster = await TestCluster.StartAsync(file.Path, settings: settings))
            {
                sealing = (await cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync()).SealingKey;
            }

            var keyFiles = Directory.GetFiles(SqliteFile.KeysDirectory(file.Path));
            Assert.NotEmpty(keyFiles);
            Assert.All(keyFiles, f => Assert.Contains("encryptedSecret", File.ReadAllText(f), StringComparison.Ordinal));
            Assert.All(keyFiles, f => Assert.DoesNotContain("<value>", File.ReadAllText(f), StringComparison.Ordinal));

            await using (var cluster = await TestCluster.StartAsync(file.Path, settings: settings))
            {
                Assert.Equal(sealing, (await cluster.Grains.GetGrain<IKeyRingGrain>(GrainKeys.KeyRing).GetAsync()).SealingKey);
            }
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    private static void AssertNoSecretIn(SqliteFile file, List<(string Name, byte[] Bytes)> secrets)
    {
        Assert.NotEmpty(file.Files);
        foreach (var path in file.Files)
        {
            var bytes = ReadShared(path);
            foreach (var (name, secret) in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(secret) < 0, $"{System.IO.Path.GetFileName(path)} holds the {name} in clear");
            }
        }
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static byte[] PrivateScalar(SigningKey key)
    {
        using var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(key.PrivateKeyPkcs8, out _);
        return ec.ExportParameters(includePrivateParameters: true).D!;
    }
}
