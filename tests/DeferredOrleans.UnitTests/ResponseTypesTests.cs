using DeferredOrleans.Gateway.OAuth;

namespace DeferredOrleans.UnitTests;

/// <summary>RFC 6749 §3.1.1 response types (space-separated, unordered) with DTR-OIDF draft 00 §5.1's two.</summary>
public sealed class ResponseTypesTests
{
    [Theory]
    [InlineData("code", ResponseTypes.Code)]
    [InlineData("deferred_code", ResponseTypes.DeferredCode)]
    [InlineData("deferred_code code", ResponseTypes.DeferredCode)]
    [InlineData("code deferred_code", ResponseTypes.DeferredCode)]
    [InlineData("  deferred_code   code ", ResponseTypes.DeferredCode)]
    [InlineData("token", null)]
    [InlineData("code token", null)]
    [InlineData("code code", null)]
    [InlineData("deferred_code deferred_code", null)]
    [InlineData("Deferred_Code", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Parse_Value_GivesTheFlowOrNothing(string? value, string? expected)
    {
        Assert.Equal(expected, ResponseTypes.Parse(value));
    }

    [Theory]
    [InlineData("dc.abc", "abc")]
    [InlineData("dc.", null)]
    [InlineData("abc", null)]
    [InlineData("DC.abc", null)]
    public void DeferredCodes_AuthorizationCode_OnlyBehindThePrefix(string deferredCode, string? expected)
    {
        Assert.Equal(expected, DeferredCodes.AuthorizationCode(deferredCode));
    }
}
