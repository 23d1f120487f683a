namespace DeferredOrleans.Silo.Keys;

/// <summary>
/// Where the key-encryption key lives (section <c>DeferredOrleans:Keys</c>): the ASP.NET Core Data Protection key
/// ring that encrypts the signing keys, the sealing key and the pairwise secret in grain storage.
/// </summary>
public sealed class KeyProtectionOptions
{
    public const string Section = "DeferredOrleans:Keys";

    /// <summary>
    /// The key ring directory (0700, files 0600). Default for the embedded profile: <c>keys/</c> beside the SQLite
    /// file. Required for the cluster profile: a volume every silo mounts, so that each can decrypt what another wrote.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>A PKCS#12 (.pfx) certificate that encrypts the key ring's own files; every silo needs the same one.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The password of <see cref="CertificatePath"/>.</summary>
    public string? CertificatePassword { get; set; }
}
