using System.Text;
using System.Text.Json;
using DeferredOrleans.Core.Json;

namespace DeferredOrleans.UnitTests;

/// <summary>JSON from others: valid UTF-8 with Unicode strings parses; anything else is a JsonException (RFC 8259 §8).</summary>
public sealed class StrictJsonTests
{
    [Theory]
    [InlineData("7b7d", true)]                                          // {}
    [InlineData("7b2261223a22c3a9227d", true)]                          // {"a":"é"}
    [InlineData("7b2261223a22f09f9880227d", true)]                      // {"a":"😀"} (four bytes)
    [InlineData("7b2261223a225c75643833645c7564653030227d", true)]      // {"a":"\ud83d\ude00"} (a pair)
    [InlineData("5b312c747275652c6e756c6c5d", true)]                    // [1,true,null]
    [InlineData("7b2261223a312c2241223a327d", true)]                    // {"a":1,"A":2}
    [InlineData("7b2261223a312c2261223a327d", false)]                   // {"a":1,"a":2}
    [InlineData("5b7b2278223a7b2262223a302c2262223a317d7d5d", false)]   // [{"x":{"b":0,"b":1}}]
    [InlineData("7b2261223a22ff227d", false)]                           // {"a":"\xff"}
    [InlineData("7b22ff223a317d", false)]                               // {"\xff":1}
    [InlineData("7b2261223a22c080227d", false)]                         // overlong NUL
    [InlineData("7b2261223a22eda080227d", false)]                       // a surrogate encoded in UTF-8
    [InlineData("7b2261223a22c3227d", false)]                           // a truncated sequence
    [InlineData("7b2261223a225c7564383030227d", false)]                 // {"a":"\ud800"}
    [InlineData("7b2261223a225c75646330305c7564383030227d", false)]     // {"a":"\udc00\ud800"} (reversed pair)
    [InlineData("7b225c7564383030223a317d", false)]                     // {"\ud800":1}
    [InlineData("5b5b5b7b2261223a5b225c7564383030225d7d5d5d5d", false)] // nested: [[[{"a":["\ud800"]}]]]
    [InlineData("7b2261223a", false)]                                   // truncated JSON
    public void Parse_Utf8_AcceptsOnlyValidUnicode(string hex, bool valid)
    {
        var bytes = Convert.FromHexString(hex);

        if (valid)
        {
            using var document = StrictJson.Parse(bytes);
            Assert.NotEqual(JsonValueKind.Undefined, document.RootElement.ValueKind);
        }
        else
        {
            Assert.ThrowsAny<JsonException>(() => StrictJson.Parse(bytes).Dispose());
        }
    }

    [Theory]
    [InlineData("[{\"type\":\"payment\"}]", true)]
    [InlineData("[{\"type\":\"\\ud800\"}]", false)]
    [InlineData("[{\"type\":\"a\"}", false)]
    public void ParseNode_Text_AcceptsOnlyValidUnicode(string json, bool valid)
    {
        if (valid)
        {
            Assert.NotNull(StrictJson.ParseNode(json));
        }
        else
        {
            Assert.ThrowsAny<JsonException>(() => StrictJson.ParseNode(json));
        }
    }

    [Fact]
    public void Parse_KeepsMaxDepth()
    {
        var deep = Encoding.ASCII.GetBytes(new string('[', 40) + new string(']', 40));

        Assert.ThrowsAny<JsonException>(() => StrictJson.Parse(deep, new JsonDocumentOptions { MaxDepth = 32 }).Dispose());
    }
}
