using DeferredOrleans.Core.Policy.Conditions;

namespace DeferredOrleans.UnitTests;

/// <summary>The <c>When</c> language of policy rules: what it accepts, what it means, and how it reports mistakes.</summary>
public sealed class ConditionTests
{
    private static readonly Values Request = new()
    {
        ["type"] = "payment",
        ["amount"] = 12500d,
        ["currency"] = "EUR",
        ["creditor.iban"] = "DE89370400440532013000",
        ["risk.score"] = 72d,
        ["risk.new_device"] = true,
        ["time.hour"] = 6d,
        ["scopes"] = new List<object?> { "payments", "read" },
        ["client"] = "agent-7",
        ["numeric_text"] = "15",
    };

    [Theory]
    [InlineData("type == \"payment\" && amount > 10000", true)]
    [InlineData("type == \"payment\" && amount > 20000", false)]
    [InlineData("amount >= 12500 && amount <= 12500", true)]
    [InlineData("amount < 100 || currency == \"EUR\"", true)]
    [InlineData("!(currency == \"EUR\")", false)]
    [InlineData("currency != \"USD\"", true)]
    [InlineData("risk.score >= 70 || time.hour < 7", true)]
    [InlineData("risk.new_device == true", true)]
    [InlineData("risk.new_device", true)]
    [InlineData("creditor.iban == \"DE89370400440532013000\"", true)]
    [InlineData("currency in [\"EUR\", \"CHF\"]", true)]
    [InlineData("currency in [\"USD\"]", false)]
    [InlineData("\"payments\" in scopes", true)]
    [InlineData("\"admin\" in scopes", false)]
    [InlineData("missing == null", true)]
    [InlineData("missing > 5", false)]
    [InlineData("!(missing > 5)", true)]
    [InlineData("type > 5", false)]
    [InlineData("numeric_text > 10", true)]
    [InlineData("amount == 12500.0", true)]
    [InlineData("true && !false", true)]
    [InlineData("(amount > 1 && (currency == \"EUR\" || currency == \"USD\")) && client != \"robot\"", true)]
    [InlineData("a || b && c", false)]
    public void Evaluate_Expression_MeansWhatItSays(string expression, bool expected)
    {
        var (condition, error) = Condition.Parse(expression);

        Assert.Null(error);
        Assert.Equal(expected, condition!.IsTrue(Request));
    }

    [Fact]
    public void Evaluate_AndBindsTighterThanOr()
    {
        var values = new Values { ["a"] = true, ["b"] = false, ["c"] = false };

        Assert.True(Condition.Parse("a || b && c").Condition!.IsTrue(values));
        Assert.False(Condition.Parse("(a || b) && c").Condition!.IsTrue(values));
    }

    [Theory]
    [InlineData("amount >", "column 9")]
    [InlineData("amount > 10 &&", "column 15")]
    [InlineData("type == \"payment", "unterminated string")]
    [InlineData("(amount > 1", "column 12")]
    [InlineData("amount >> 1", "column 9")]
    [InlineData("amount > 1 )", "unexpected text")]
    [InlineData("", "column 1")]
    public void Parse_Mistake_IsReportedWithWhereItIs(string expression, string expected)
    {
        var (condition, error) = Condition.Parse(expression);

        Assert.Null(condition);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    /// <summary>A context whose paths are dotted keys.</summary>
    private sealed class Values : Dictionary<string, object?>, IConditionContext
    {
        public object? Resolve(string[] path) => this.GetValueOrDefault(string.Join('.', path));
    }
}
