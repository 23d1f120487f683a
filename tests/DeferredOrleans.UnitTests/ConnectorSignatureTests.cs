using System.Text;
using DeferredOrleans.Core.Connectors;

namespace DeferredOrleans.UnitTests;

/// <summary>
/// The signature a replay guard keys on is the one that matched, in one canonical form, however the header spells it;
/// a header that is not a list of <c>scheme=value</c> entries is malformed.
/// </summary>
public sealed class ConnectorSignatureTests
{
    private const string Secret = "a-connector-secret-of-some-length";
    private const long Timestamp = 1795731809;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"task_id":"x","status":"approved"}""");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    private static readonly string Signed = ConnectorSignature.Sign(Secret, Timestamp, Body);
    private static readonly string Other = ConnectorSignature.Sign("another-secret-entirely", Timestamp, Body);

    public static TheoryData<string, string, SignatureCheck> Headers() => new()
    {
        { "the signature", Signed, SignatureCheck.Valid },
        { "twice", $"{Signed},{Signed}", SignatureCheck.Valid },
        { "upper-case hex", "v1=" + Signed[3..].ToUpperInvariant(), SignatureCheck.Valid },
        { "space before the comma", $"{Signed} ,{Other}", SignatureCheck.Valid },
        { "spaces around", $" {Other} , {Signed} ", SignatureCheck.Valid },
        { "after another secret's", $"{Other},{Signed}", SignatureCheck.Valid },
        { "beside an unknown scheme", $"v0=abc,{Signed}", SignatureCheck.Valid },
        { "trailing junk", $"{Signed} junk", SignatureCheck.Malformed },
        { "junk glued on", $"{Signed}junk", SignatureCheck.Mismatch },
        { "trailing comma", $"{Signed},", SignatureCheck.Malformed },
        { "empty entry", $"{Other},,{Signed}", SignatureCheck.Malformed },
        { "no scheme", Signed[3..], SignatureCheck.Malformed },
        { "empty value", $"v1=,{Signed}", SignatureCheck.Malformed },
        { "control character", $"{Signed}\u0001", SignatureCheck.Malformed },
        { "non-ASCII", $"{Signed},v1=é", SignatureCheck.Malformed },
        { "nine entries", string.Join(',', Enumerable.Repeat(Other, 8).Append(Signed)), SignatureCheck.Malformed },
        { "scheme with punctuation", $"v-1=abc,{Signed}", SignatureCheck.Malformed },
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void Verify_AnySpellingOfTheMatch_NamesTheCanonicalSignature(string because, string header, SignatureCheck expected)
    {
        var check = ConnectorSignature.Verify(Secret, "1795731809", header, Body, SignedAt, TimeSpan.FromMinutes(5), out var verified);

        Assert.True(expected == check, $"{because}: {check}");
        Assert.Equal(expected == SignatureCheck.Valid ? Signed : null, verified);
    }

    [Fact]
    public void Verify_ZeroPaddedTimestamp_SameCanonicalSignature()
    {
        Assert.Equal(SignatureCheck.Valid, ConnectorSignature.Verify(Secret, "01795731809", Signed, Body, SignedAt, TimeSpan.FromMinutes(5), out var verified));
        Assert.Equal(Signed, verified);
    }

    [Fact]
    public void Verify_Stale_StillNamesTheSignature_Mismatch_NamesNone()
    {
        Assert.Equal(SignatureCheck.Stale, ConnectorSignature.Verify(Secret, "1795731809", Signed, Body, SignedAt.AddHours(1), TimeSpan.FromMinutes(5), out var stale));
        Assert.Equal(Signed, stale);
        Assert.Equal(SignatureCheck.Mismatch, ConnectorSignature.Verify(Secret, "1795731809", Other, Body, SignedAt, TimeSpan.FromMinutes(5), out var none));
        Assert.Null(none);
    }

    [Fact]
    public void Verify_LongHeader_IsMalformed() =>
        Assert.Equal(SignatureCheck.Malformed, ConnectorSignature.Verify(Secret, "1795731809", Signed + "," + new string('a', 1100).Insert(0, "v9="), Body, SignedAt, TimeSpan.FromMinutes(5), out _));
}
