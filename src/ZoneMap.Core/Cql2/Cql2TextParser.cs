using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace ZoneMap.Core.Cql2;

/// <summary>
/// A recursive-descent parser for the CQL2-text subset ZoneMap serves: comparisons, AND/OR/NOT, IN, LIKE,
/// BETWEEN, IS NULL and the S_* spatial predicates with WKT or BBOX literals. Anything else is a
/// <see cref="CqlException"/> naming what is not supported. Hand-written: no CQL2 library is served on NuGet here.
/// </summary>
public sealed class Cql2TextParser
{
    public const int MaxNodes = 50;
    public const int MaxLength = 10_000;

    private static readonly Dictionary<string, CqlSpatialOperator> SpatialFunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["S_INTERSECTS"] = CqlSpatialOperator.Intersects, ["S_DISJOINT"] = CqlSpatialOperator.Disjoint,
        ["S_WITHIN"] = CqlSpatialOperator.Within, ["S_CONTAINS"] = CqlSpatialOperator.Contains,
        ["S_EQUALS"] = CqlSpatialOperator.Equals, ["S_TOUCHES"] = CqlSpatialOperator.Touches,
        ["S_OVERLAPS"] = CqlSpatialOperator.Overlaps, ["S_CROSSES"] = CqlSpatialOperator.Crosses,
    };

    private static readonly HashSet<string> WktKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION",
    };

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "AND", "OR", "NOT", "IN", "LIKE", "BETWEEN", "IS", "NULL", "TRUE", "FALSE",
    };

    private readonly string text;
    private int pos;
    private int nodes;
    private int depth;

    private Cql2TextParser(string text) => this.text = text;

    public static CqlNode Parse(string text)
    {
        if (text.Length > MaxLength) throw new CqlException($"The filter is longer than {MaxLength} characters.");
        if (string.IsNullOrWhiteSpace(text)) throw new CqlException("The filter is empty.");
        var parser = new Cql2TextParser(text);
        var node = parser.ParseOr();
        parser.SkipSpace();
        if (parser.pos < text.Length)
            throw new CqlException($"Unexpected '{parser.Excerpt()}' at position {parser.pos + 1}.");
        return node;
    }

    private T Count<T>(T node) where T : CqlNode
    {
        if (++nodes > MaxNodes) throw new CqlException($"The filter is too complex (more than {MaxNodes} terms).");
        return node;
    }

    private CqlNode ParseOr()
    {
        var left = ParseAnd();
        while (TryKeyword("OR")) left = Count(new CqlOr(left, ParseAnd()));
        return left;
    }

    private CqlNode ParseAnd()
    {
        var left = ParseNot();
        while (TryKeyword("AND")) left = Count(new CqlAnd(left, ParseNot()));
        return left;
    }

    private CqlNode ParseNot()
    {
        if (TryKeyword("NOT")) return Count(new CqlNot(ParseNot()));
        return ParsePrimary();
    }

    private CqlNode ParsePrimary()
    {
        SkipSpace();
        if (TrySymbol("("))
        {
            if (++depth > MaxNodes) throw new CqlException($"The filter is too complex (nested deeper than {MaxNodes} parentheses).");
            var inner = ParseOr();
            Expect(")");
            depth--;
            return inner;
        }
        var start = pos;
        var word = PeekIdentifier();
        if (word is not null && SpatialFunctions.TryGetValue(word, out var spatial))
        {
            ReadIdentifier();
            return Count(ParseSpatial(spatial));
        }
        if (word is not null && LooksLikeCall())
            throw new CqlException($"The function '{word}' is not supported; supported are comparisons, AND/OR/NOT, IN, LIKE, BETWEEN, IS NULL and {string.Join(", ", SpatialFunctions.Keys)}.");

        // property <op> literal, or literal <op> property
        if (word is not null && !Reserved.Contains(word))
        {
            var property = ReadIdentifier();
            return Count(ParsePredicate(property));
        }
        if (TryLiteral(out var literal))
        {
            var op = ReadComparisonOperator()
                ?? throw new CqlException($"Expected a comparison operator after {literal} at position {pos + 1}.");
            var property = PeekIdentifier() is { } p && !Reserved.Contains(p) ? ReadIdentifier()
                : throw new CqlException($"Expected a property name at position {pos + 1}; comparing two literals is not supported.");
            return Count(new CqlComparison(property, Flip(op), literal));
        }
        pos = start;
        throw new CqlException(pos >= text.Length ? "The filter ends too early." : $"Unexpected '{Excerpt()}' at position {pos + 1}.");
    }

    private CqlNode ParsePredicate(string property)
    {
        if (ReadComparisonOperator() is { } op)
            return new CqlComparison(property, op, ReadLiteral());
        var negated = TryKeyword("NOT");
        CqlNode node;
        if (TryKeyword("LIKE"))
        {
            var pattern = ReadLiteral();
            if (pattern.Value is not string s) throw new CqlException("LIKE needs a string pattern, e.g. name_en LIKE 'Zhang%'.");
            node = new CqlLike(property, s);
        }
        else if (TryKeyword("IN"))
        {
            Expect("(");
            var values = new List<CqlLiteral> { ReadLiteral() };
            while (TrySymbol(",")) values.Add(ReadLiteral());
            Expect(")");
            if (values.Count > MaxNodes) throw new CqlException($"IN lists are limited to {MaxNodes} values.");
            node = new CqlIn(property, values);
        }
        else if (TryKeyword("BETWEEN"))
        {
            var low = ReadLiteral();
            if (!TryKeyword("AND")) throw new CqlException($"BETWEEN needs AND at position {pos + 1}.");
            node = new CqlBetween(property, low, ReadLiteral());
        }
        else if (!negated && TryKeyword("IS"))
        {
            var not = TryKeyword("NOT");
            if (!TryKeyword("NULL")) throw new CqlException($"Expected NULL after IS at position {pos + 1}.");
            node = new CqlIsNull(property);
            return not ? new CqlNot(node) : node;
        }
        else
        {
            throw new CqlException(pos >= text.Length
                ? $"The filter ends after '{property}'; expected an operator."
                : $"Expected an operator (=, <>, <, <=, >, >=, LIKE, IN, BETWEEN, IS NULL) after '{property}' at position {pos + 1}, found '{Excerpt()}'.");
        }
        return negated ? new CqlNot(node) : node;
    }

    private CqlSpatial ParseSpatial(CqlSpatialOperator op)
    {
        Expect("(");
        var firstIsGeometry = TryGeometry(out var first);
        string? property = firstIsGeometry ? null : ReadPropertyName();
        Expect(",");
        Geometry geometry;
        if (firstIsGeometry)
        {
            property = ReadPropertyName();
            geometry = first!;
            op = op switch { CqlSpatialOperator.Within => CqlSpatialOperator.Contains, CqlSpatialOperator.Contains => CqlSpatialOperator.Within, _ => op };
        }
        else if (!TryGeometry(out var second))
            throw new CqlException($"Expected a WKT geometry or BBOX(...) at position {pos + 1}; comparing two properties is not supported.");
        else geometry = second!;
        Expect(")");
        return new CqlSpatial(op, property!, geometry);
    }

    private string ReadPropertyName() =>
        PeekIdentifier() is { } p && !Reserved.Contains(p) && !WktKeywords.Contains(p) ? ReadIdentifier()
            : throw new CqlException($"Expected a property name at position {pos + 1}.");

    private bool TryGeometry(out Geometry? geometry)
    {
        geometry = null;
        var word = PeekIdentifier();
        if (word is null) return false;
        if (word.Equals("BBOX", StringComparison.OrdinalIgnoreCase))
        {
            ReadIdentifier();
            Expect("(");
            var numbers = new List<double> { ReadNumber() };
            while (TrySymbol(",")) numbers.Add(ReadNumber());
            Expect(")");
            if (numbers.Count is not (4 or 6)) throw new CqlException("BBOX needs 4 (or 6) numbers: west, south, east, north.");
            var (w, s, e, n) = numbers.Count == 4 ? (numbers[0], numbers[1], numbers[2], numbers[3]) : (numbers[0], numbers[1], numbers[3], numbers[4]);
            if (w > e || s > n) throw new CqlException("BBOX must be west, south, east, north with west <= east and south <= north.");
            geometry = new GeometryFactory(new PrecisionModel(), 4326).ToGeometry(new Envelope(w, e, s, n));
            return true;
        }
        if (!WktKeywords.Contains(word)) return false;
        SkipSpace();
        var start = pos;
        var depth = 0;
        while (pos < text.Length)
        {
            var c = text[pos++];
            if (c == '(') depth++;
            else if (c == ')' && --depth == 0) break;
        }
        if (depth != 0) throw new CqlException($"The {word.ToUpperInvariant()} geometry is not closed; check its parentheses.");
        try
        {
            geometry = new WKTReader { IsOldNtsCoordinateSyntaxAllowed = false }.Read(text[start..pos]);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new CqlException($"Invalid WKT geometry: {e.Message}");
        }
        if (!geometry.IsValid) throw new CqlException($"The {word.ToUpperInvariant()} geometry is not valid (self-intersecting or unclosed).");
        geometry.SRID = 4326;
        return true;
    }

    private double ReadNumber()
    {
        if (TryLiteral(out var literal) && literal.Value is double d) return d;
        throw new CqlException($"Expected a number at position {pos + 1}.");
    }

    private CqlLiteral ReadLiteral()
    {
        if (TryLiteral(out var literal)) return literal;
        var word = PeekIdentifier();
        if (word is not null && LooksLikeCall())
            throw new CqlException($"'{word}(...)' literals are not supported; use strings, numbers or booleans.");
        throw new CqlException(pos >= text.Length ? "The filter ends where a value was expected."
            : $"Expected a value (a 'string', a number, TRUE or FALSE) at position {pos + 1}, found '{Excerpt()}'.");
    }

    private bool TryLiteral(out CqlLiteral literal)
    {
        SkipSpace();
        literal = null!;
        if (pos >= text.Length) return false;
        var c = text[pos];
        if (c == '\'')
        {
            var sb = new System.Text.StringBuilder();
            pos++;
            while (true)
            {
                if (pos >= text.Length) throw new CqlException("A string literal is not closed; strings use single quotes, '' for a quote inside.");
                if (text[pos] == '\'')
                {
                    if (pos + 1 < text.Length && text[pos + 1] == '\'') { sb.Append('\''); pos += 2; continue; }
                    pos++;
                    break;
                }
                sb.Append(text[pos++]);
            }
            literal = new CqlLiteral(sb.ToString());
            return true;
        }
        if (char.IsAsciiDigit(c) || ((c is '-' or '+' or '.') && pos + 1 < text.Length && (char.IsAsciiDigit(text[pos + 1]) || text[pos + 1] == '.')))
        {
            var start = pos++;
            while (pos < text.Length && (char.IsAsciiDigit(text[pos]) || text[pos] is '.' or 'e' or 'E'
                   || (text[pos] is '-' or '+' && text[pos - 1] is 'e' or 'E'))) pos++;
            if (!double.TryParse(text.AsSpan(start, pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                throw new CqlException($"'{text[start..pos]}' is not a number.");
            literal = new CqlLiteral(number);
            return true;
        }
        var word = PeekIdentifier();
        if (word is not null && (word.Equals("TRUE", StringComparison.OrdinalIgnoreCase) || word.Equals("FALSE", StringComparison.OrdinalIgnoreCase)))
        {
            ReadIdentifier();
            literal = new CqlLiteral(word.Equals("TRUE", StringComparison.OrdinalIgnoreCase));
            return true;
        }
        return false;
    }

    private CqlComparisonOperator? ReadComparisonOperator()
    {
        SkipSpace();
        foreach (var (symbol, op) in new[]
        {
            ("<>", CqlComparisonOperator.NotEqual), ("<=", CqlComparisonOperator.LessOrEqual), (">=", CqlComparisonOperator.GreaterOrEqual),
            ("=", CqlComparisonOperator.Equal), ("<", CqlComparisonOperator.Less), (">", CqlComparisonOperator.Greater),
        })
        {
            if (string.CompareOrdinal(text, pos, symbol, 0, symbol.Length) == 0) { pos += symbol.Length; return op; }
        }
        return null;
    }

    private static CqlComparisonOperator Flip(CqlComparisonOperator op) => op switch
    {
        CqlComparisonOperator.Less => CqlComparisonOperator.Greater,
        CqlComparisonOperator.LessOrEqual => CqlComparisonOperator.GreaterOrEqual,
        CqlComparisonOperator.Greater => CqlComparisonOperator.Less,
        CqlComparisonOperator.GreaterOrEqual => CqlComparisonOperator.LessOrEqual,
        _ => op,
    };

    private string? PeekIdentifier()
    {
        SkipSpace();
        if (pos >= text.Length) return null;
        if (text[pos] == '"')
        {
            var end = text.IndexOf('"', pos + 1);
            return end < 0 ? throw new CqlException("A quoted property name is not closed.") : text[(pos + 1)..end];
        }
        if (!char.IsAsciiLetter(text[pos]) && text[pos] != '_') return null;
        var i = pos;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or ':')) i++;
        return text[pos..i];
    }

    private string ReadIdentifier()
    {
        var word = PeekIdentifier() ?? throw new CqlException($"Expected a name at position {pos + 1}.");
        pos += text[pos] == '"' ? word.Length + 2 : word.Length;
        return word;
    }

    private bool LooksLikeCall()
    {
        var save = pos;
        ReadIdentifier();
        SkipSpace();
        var call = pos < text.Length && text[pos] == '(';
        pos = save;
        return call;
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        if (pos >= text.Length || text[pos] == '"') return false;
        var word = PeekIdentifier();
        if (word is null || !word.Equals(keyword, StringComparison.OrdinalIgnoreCase)) return false;
        pos += word.Length;
        return true;
    }

    private bool TrySymbol(string symbol)
    {
        SkipSpace();
        if (string.CompareOrdinal(text, pos, symbol, 0, symbol.Length) != 0) return false;
        pos += symbol.Length;
        return true;
    }

    private void Expect(string symbol)
    {
        if (!TrySymbol(symbol))
            throw new CqlException(pos >= text.Length ? $"The filter ends where '{symbol}' was expected." : $"Expected '{symbol}' at position {pos + 1}, found '{Excerpt()}'.");
    }

    private void SkipSpace()
    {
        while (pos < text.Length && char.IsWhiteSpace(text[pos])) pos++;
    }

    private string Excerpt() => text.Length - pos > 20 ? text.Substring(pos, 20) + "…" : text[pos..];
}
