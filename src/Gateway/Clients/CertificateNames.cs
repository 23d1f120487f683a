using System.Formats.Asn1;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DeferredOrleans.Gateway.Clients;

/// <summary>
/// The names a <c>tls_client_auth</c> client is registered by (RFC 8705 §2.1.2): the certificate's subject
/// distinguished name, or one of its subject alternative names of a given type (RFC 5280 §4.2.1.6).
/// </summary>
public static class CertificateNames
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";

    /// <summary>
    /// Whether the subject is <paramref name="expected"/>, written as RFC 4514 writes it (most specific first,
    /// <c>CN=agent, O=Example</c>): the same attributes in the same order, values compared as RFC 4518 prepares them for
    /// most attributes (case and runs of spaces ignored).
    /// </summary>
    public static bool SubjectIs(X509Certificate2 certificate, string expected)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        X500DistinguishedName wanted;
        try
        {
            wanted = new X500DistinguishedName(expected);
        }
        catch (CryptographicException)
        {
            return false;
        }

        var presented = certificate.SubjectName.EnumerateRelativeDistinguishedNames().ToList();
        var registered = wanted.EnumerateRelativeDistinguishedNames().ToList();
        return presented.Count > 0 && presented.Count == registered.Count && presented.Zip(registered).All(pair => Same(pair.First, pair.Second));
    }

    /// <summary>The <c>dNSName</c> entries (RFC 5280 §4.2.1.6).</summary>
    public static IEnumerable<string> DnsNames(X509Certificate2 certificate) => Names(certificate, 2);

    /// <summary>The <c>uniformResourceIdentifier</c> entries.</summary>
    public static IEnumerable<string> Uris(X509Certificate2 certificate) => Names(certificate, 6);

    /// <summary>The <c>rfc822Name</c> (email) entries.</summary>
    public static IEnumerable<string> Emails(X509Certificate2 certificate) => Names(certificate, 1);

    /// <summary>The <c>iPAddress</c> entries.</summary>
    public static IEnumerable<IPAddress> IpAddresses(X509Certificate2 certificate) =>
        Entries(certificate).Where(e => e.Tag == 7 && e.Value.Length is 4 or 16).Select(e => new IPAddress(e.Value));

    /// <summary>Whether one of the certificate's SANs of the type RFC 8705 §2.1.2 names is the registered value (DNS names in any case).</summary>
    public static bool HasDnsName(X509Certificate2 certificate, string expected) =>
        DnsNames(certificate).Any(n => string.Equals(n, expected, StringComparison.OrdinalIgnoreCase));

    public static bool HasUri(X509Certificate2 certificate, string expected) => Uris(certificate).Any(n => string.Equals(n, expected, StringComparison.Ordinal));

    public static bool HasEmail(X509Certificate2 certificate, string expected) => Emails(certificate).Any(n => string.Equals(n, expected, StringComparison.Ordinal));

    public static bool HasIpAddress(X509Certificate2 certificate, string expected) =>
        IPAddress.TryParse(expected, out var wanted) && IpAddresses(certificate).Any(a => a.Equals(wanted));

    private static bool Same(X500RelativeDistinguishedName presented, X500RelativeDistinguishedName registered) =>
        presented.HasMultipleElements || registered.HasMultipleElements
            ? presented.RawData.Span.SequenceEqual(registered.RawData.Span)
            : presented.GetSingleElementType().Value == registered.GetSingleElementType().Value &&
              string.Equals(Prepared(presented.GetSingleElementValue()), Prepared(registered.GetSingleElementValue()), StringComparison.OrdinalIgnoreCase);

    /// <summary>RFC 4518 §2.6.1, in short: leading and trailing spaces dropped, inner runs of spaces made one.</summary>
    private static string? Prepared(string? value) =>
        value is null ? null : string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static IEnumerable<string> Names(X509Certificate2 certificate, int tag) =>
        Entries(certificate).Where(e => e.Tag == tag).Select(e => System.Text.Encoding.ASCII.GetString(e.Value));

    /// <summary>RFC 5280 §4.2.1.6 <c>GeneralNames</c>: the context tag and content of each entry; nothing when the extension is malformed.</summary>
    private static List<(int Tag, byte[] Value)> Entries(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var entries = new List<(int, byte[])>();
        if (certificate.Extensions[SubjectAlternativeNameOid] is not { } extension)
        {
            return entries;
        }

        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.TagClass == TagClass.ContextSpecific && !tag.IsConstructed && tag.TagValue is 1 or 2 or 6 or 7)
                {
                    // rfc822Name, dNSName and URI are IA5String, iPAddress an OCTET STRING, all implicitly tagged.
                    entries.Add((tag.TagValue, names.ReadOctetString(tag)));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }

        return entries;
    }
}
