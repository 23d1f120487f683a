using System.Globalization;
using System.Text;

namespace DeferredOrleans.Core.Policy.Conditions;

/// <summary>
/// A small recursive-descent parser. Grammar:
/// <code>
/// or         := and ( "||" and )*
/// and        := unary ( "&amp;&amp;" unary )*
/// unary      := "!" unary | comparison
/// comparison := primary ( ("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=" | "in") primary )?
/// primary    := number | "string" | true | false | null | path | "(" or ")" | "[" ( or ( "," or )* )? "]"
/// path       := name ( "." name )*
/// </code>
/// </summary>
internal sealed class ConditionParser
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">"];

    private readonly string _text;
    private int _position;

    private ConditionParser(string text) => _text = text;

    public static (Condition? Condition, string? Error) Parse(string text)
    {
        var parser = new ConditionParser(text);
        try
        {
            var condition = parser.Or();
            parser.SkipSpace();
            return parser._position < text.Length
                ? (null, parser.Problem("unexpected text"))
                : (condition, null);
        }
        catch (FormatException e)
        {
            return (null, e.Message);
        }
    }

    private Condition Or()
    {
        var left = And();
        while (Accept("||"))
        {
            left = new Logical(left, And(), and: false);
        }

        return left;
    }

    private Condition And()
    {
        var left = Unary();
        while (Accept("&&"))
        {
            left = new Logical(left, Unary(), and: true);
        }

        return left;
    }

    private Condition Unary() => Accept("!") && !Peek("=") ? new Not(Unary()) : Comparison();

    private Condition Comparison()
    {
        var left = Primary();
        foreach (var op in Operators)
        {
            if (Accept(op))
            {
                return new Comparison(left, Primary(), op);
            }
        }

        return AcceptWord("in") ? new Comparison(left, Primary(), "in") : left;
    }

    private Condition Primary()
    {
        SkipSpace();
        if (_position >= _text.Length)
        {
            throw new FormatException(Problem("unexpected end of the expression"));
        }

        var c = _text[_position];
        if (Accept("("))
        {
            var inner = Or();
            Expect(")");
            return inner;
        }

        if (Accept("["))
        {
            var items = new List<Condition>();
            if (!Accept("]"))
            {
                do
                {
                    items.Add(Or());
                }
                while (Accept(","));

                Expect("]");
            }

            return new ListValue(items);
        }

        if (c == '"')
        {
            return new Literal(ReadString());
        }

        if (char.IsAsciiDigit(c) || (c == '-' && _position + 1 < _text.Length && char.IsAsciiDigit(_text[_position + 1])))
        {
            return new Literal(ReadNumber());
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            var path = ReadPath();
            return path switch
            {
                ["true"] => new Literal(true),
                ["false"] => new Literal(false),
                ["null"] => new Literal(null),
                _ => new PathValue([.. path]),
            };
        }

        throw new FormatException(Problem($"unexpected '{c}'"));
    }

    private string ReadString()
    {
        var start = _position++;
        var value = new StringBuilder();
        while (_position < _text.Length && _text[_position] != '"')
        {
            if (_text[_position] == '\\' && _position + 1 < _text.Length)
            {
                _position++;
            }

            value.Append(_text[_position++]);
        }

        if (_position >= _text.Length)
        {
            _position = start;
            throw new FormatException(Problem("unterminated string"));
        }

        _position++;
        return value.ToString();
    }

    private double ReadNumber()
    {
        var start = _position;
        _position++;
        while (_position < _text.Length && (char.IsAsciiDigit(_text[_position]) || _text[_position] == '.'))
        {
            _position++;
        }

        return double.TryParse(_text.AsSpan(start, _position - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException(Problem("malformed number"));
    }

    private List<string> ReadPath()
    {
        var path = new List<string> { ReadName() };
        while (_position < _text.Length && _text[_position] == '.')
        {
            _position++;
            path.Add(ReadName());
        }

        return path;
    }

    private string ReadName()
    {
        var start = _position;
        while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '_' or '-'))
        {
            _position++;
        }

        return _position > start ? _text[start.._position] : throw new FormatException(Problem("a name is expected"));
    }

    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
        {
            return false;
        }

        _position += token.Length;
        return true;
    }

    private bool AcceptWord(string word)
    {
        SkipSpace();
        var end = _position + word.Length;
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0 || (end < _text.Length && char.IsAsciiLetterOrDigit(_text[end])))
        {
            return false;
        }

        _position = end;
        return true;
    }

    private bool Peek(string token) => string.CompareOrdinal(_text, _position, token, 0, token.Length) == 0;

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FormatException(Problem($"'{token}' expected"));
        }
    }

    private void SkipSpace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private string Problem(string what) => $"{what} at column {_position + 1}";
}
