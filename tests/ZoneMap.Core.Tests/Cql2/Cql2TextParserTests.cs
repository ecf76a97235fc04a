using NetTopologySuite.Geometries;
using ZoneMap.Core.Cql2;

namespace ZoneMap.Core.Tests.Cql2;

public sealed class Cql2TextParserTests
{
    [Fact]
    public void And_binds_tighter_than_or_and_not_applies_to_its_term()
    {
        var node = Cql2TextParser.Parse("kind = 'park' OR NOT region = 'shanghai' AND mention_count > 1");
        var or = Assert.IsType<CqlOr>(node);
        Assert.Equal(new CqlComparison("kind", CqlComparisonOperator.Equal, new CqlLiteral("park")), or.Left);
        var and = Assert.IsType<CqlAnd>(or.Right);
        Assert.Equal(new CqlNot(new CqlComparison("region", CqlComparisonOperator.Equal, new CqlLiteral("shanghai"))), and.Left);
        Assert.Equal(new CqlComparison("mention_count", CqlComparisonOperator.Greater, new CqlLiteral(1d)), and.Right);
    }

    [Fact]
    public void Parentheses_quotes_and_keywords_in_any_case()
    {
        var node = Cql2TextParser.Parse("(\"name_en\" like 'It''s%' or id in ('a','b')) and not line between 1 and 3 AND role IS NOT NULL");
        var and = Assert.IsType<CqlAnd>(node);
        var inner = Assert.IsType<CqlAnd>(and.Left);
        var or = Assert.IsType<CqlOr>(inner.Left);
        Assert.Equal(new CqlLike("name_en", "It's%"), or.Left);
        var @in = Assert.IsType<CqlIn>(or.Right);
        Assert.Equal(["a", "b"], @in.Values.Select(v => v.Value));
        Assert.IsType<CqlBetween>(Assert.IsType<CqlNot>(inner.Right).Operand);
        Assert.Equal(new CqlNot(new CqlIsNull("role")), and.Right);
    }

    [Fact]
    public void Literal_first_comparisons_are_flipped()
    {
        Assert.Equal(new CqlComparison("line", CqlComparisonOperator.Less, new CqlLiteral(3d)), Cql2TextParser.Parse("3 > line"));
        Assert.Equal(new CqlComparison("line", CqlComparisonOperator.GreaterOrEqual, new CqlLiteral(-2.5)), Cql2TextParser.Parse("-2.5 <= line"));
    }

    [Fact]
    public void Spatial_functions_read_wkt_and_bbox_and_flip_within_when_the_literal_comes_first()
    {
        var s = Assert.IsType<CqlSpatial>(Cql2TextParser.Parse("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 1, 0 0)))"));
        Assert.Equal(CqlSpatialOperator.Intersects, s.Operator);
        Assert.IsType<Polygon>(s.Geometry);
        Assert.Equal(4326, s.Geometry.SRID);
        var b = Assert.IsType<CqlSpatial>(Cql2TextParser.Parse("s_within(BBOX(1,2,3,4), geometry)"));
        Assert.Equal(CqlSpatialOperator.Contains, b.Operator);
        Assert.Equal(new Envelope(1, 3, 2, 4), b.Geometry.EnvelopeInternal);
        Assert.IsType<Point>(Assert.IsType<CqlSpatial>(Cql2TextParser.Parse("S_INTERSECTS(geometry,POINT(121.5 31.2))")).Geometry);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("name = 'open", "not closed")]
    [InlineData("name =", "ends where a value was expected")]
    [InlineData("name", "expected an operator")]
    [InlineData("1 = 1", "comparing two literals")]
    [InlineData("T_AFTER(built, TIMESTAMP('2020-01-01T00:00:00Z'))", "not supported")]
    [InlineData("built = DATE('2020-01-01')", "literals are not supported")]
    [InlineData("a = 'x' AND", "ends too early")]
    [InlineData("(a = 'x'", "')'")]
    [InlineData("a = 'x' b = 'y'", "Unexpected 'b = 'y''")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((0 0, 1 1)))", "Invalid WKT")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 0 1, 1 1, 0 0)))", "not valid")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)", "not closed")]
    [InlineData("S_INTERSECTS(a, b)", "comparing two properties")]
    [InlineData("S_INTERSECTS(geometry, BBOX(3, 0, 1, 1))", "west <= east")]
    [InlineData("a LIKE 3", "string pattern")]
    [InlineData("a = 1e999", "not a number")]
    public void Unsupported_or_malformed_filters_say_what_is_wrong(string filter, string message)
    {
        var e = Assert.Throws<CqlException>(() => Cql2TextParser.Parse(filter));
        Assert.Contains(message, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Complexity_is_capped()
    {
        var ok = string.Join(" OR ", Enumerable.Range(0, 25).Select(i => $"id = '{i}'"));
        Cql2TextParser.Parse(ok);
        var tooMany = string.Join(" OR ", Enumerable.Range(0, 26).Select(i => $"id = '{i}'"));
        Assert.Contains("too complex", Assert.Throws<CqlException>(() => Cql2TextParser.Parse(tooMany)).Message);
        Assert.Contains("too complex", Assert.Throws<CqlException>(() => Cql2TextParser.Parse(new string('(', 3000) + "a = 1" + new string(')', 3000))).Message);
    }
}
