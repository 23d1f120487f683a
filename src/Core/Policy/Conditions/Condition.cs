using System.Globalization;

namespace DeferredOrleans.Core.Policy.Conditions;

/// <summary>
/// A compiled <c>When</c> expression of a policy rule, e.g. <c>type == "payment" &amp;&amp; amount &gt; 10000</c>.
/// Evaluation never throws: a missing field is null, and a comparison of mismatched types is false.
/// </summary>
public abstract class Condition
{
    public abstract object? Evaluate(IConditionContext context);

    public bool IsTrue(IConditionContext context) => Evaluate(context) is true;

    /// <summary>Every name the expression reads, e.g. <c>["risk", "score"]</c>.</summary>
    internal virtual IEnumerable<string[]> Paths() => [];

    /// <summary>Parses an expression, or returns the problem with its column (1-based).</summary>
    public static (Condition? Condition, string? Error) Parse(string text) => ConditionParser.Parse(text);

    internal static double? AsNumber(object? value) => value switch
    {
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    internal static bool AreEqual(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        (bool a, bool b) => a == b,
        _ when AsNumber(left) is { } a && AsNumber(right) is { } b => a.Equals(b),
        _ => false,
    };
}

/// <summary>Resolves the identifiers of a condition (e.g. <c>client</c>, <c>risk.score</c>, <c>amount</c>).</summary>
public interface IConditionContext
{
    /// <summary>The value at the path: a string, double, bool, a list of values, or null.</summary>
    object? Resolve(string[] path);
}

internal sealed class Literal(object? value) : Condition
{
    public override object? Evaluate(IConditionContext context) => value;
}

internal sealed class PathValue(string[] path) : Condition
{
    public override object? Evaluate(IConditionContext context) => context.Resolve(path);

    internal override IEnumerable<string[]> Paths() => [path];
}

internal sealed class ListValue(IReadOnlyList<Condition> items) : Condition
{
    public override object? Evaluate(IConditionContext context) => items.Select(i => i.Evaluate(context)).ToList();

    internal override IEnumerable<string[]> Paths() => items.SelectMany(i => i.Paths());
}

internal sealed class Not(Condition operand) : Condition
{
    public override object? Evaluate(IConditionContext context) => operand.Evaluate(context) is bool b ? !b : false;

    internal override IEnumerable<string[]> Paths() => operand.Paths();
}

internal sealed class Logical(Condition left, Condition right, bool and) : Condition
{
    public override object? Evaluate(IConditionContext context) => and
        ? left.IsTrue(context) && right.IsTrue(context)
        : left.IsTrue(context) || right.IsTrue(context);

    internal override IEnumerable<string[]> Paths() => left.Paths().Concat(right.Paths());
}

internal sealed class Comparison(Condition left, Condition right, string op) : Condition
{
    internal override IEnumerable<string[]> Paths() => left.Paths().Concat(right.Paths());

    public override object? Evaluate(IConditionContext context)
    {
        var (l, r) = (left.Evaluate(context), right.Evaluate(context));
        return op switch
        {
            "==" => AreEqual(l, r),
            "!=" => !AreEqual(l, r),
            "in" => r is IEnumerable<object?> list && list.Any(item => AreEqual(l, item)),
            _ when AsNumber(l) is { } a && AsNumber(r) is { } b => op switch
            {
                "<" => a < b,
                "<=" => a <= b,
                ">" => a > b,
                ">=" => a >= b,
                _ => false,
            },
            _ when l is string a && r is string b => op switch
            {
                "<" => string.CompareOrdinal(a, b) < 0,
                "<=" => string.CompareOrdinal(a, b) <= 0,
                ">" => string.CompareOrdinal(a, b) > 0,
                ">=" => string.CompareOrdinal(a, b) >= 0,
                _ => false,
            },
            _ => false,
        };
    }
}
