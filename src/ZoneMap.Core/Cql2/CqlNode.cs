using NetTopologySuite.Geometries;

namespace ZoneMap.Core.Cql2;

/// <summary>The CQL2 abstract syntax tree: what a filter means, independent of text or SQL.</summary>
public abstract record CqlNode;

public sealed record CqlAnd(CqlNode Left, CqlNode Right) : CqlNode;
public sealed record CqlOr(CqlNode Left, CqlNode Right) : CqlNode;
public sealed record CqlNot(CqlNode Operand) : CqlNode;

public enum CqlComparisonOperator { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual }

/// <summary>A literal: string, double or bool.</summary>
public sealed record CqlLiteral(object Value)
{
    public override string ToString() => Value is string s ? $"'{s}'" : Convert.ToString(Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
}

public sealed record CqlComparison(string Property, CqlComparisonOperator Operator, CqlLiteral Value) : CqlNode;
public sealed record CqlIn(string Property, IReadOnlyList<CqlLiteral> Values) : CqlNode;
public sealed record CqlLike(string Property, string Pattern) : CqlNode;
public sealed record CqlBetween(string Property, CqlLiteral Low, CqlLiteral High) : CqlNode;
public sealed record CqlIsNull(string Property) : CqlNode;

public enum CqlSpatialOperator { Intersects, Disjoint, Within, Contains, Equals, Touches, Overlaps, Crosses }

/// <summary>A spatial predicate between a geometry property and a literal geometry (property first).</summary>
public sealed record CqlSpatial(CqlSpatialOperator Operator, string Property, Geometry Geometry) : CqlNode;

public sealed class CqlException(string message) : Exception(message);
