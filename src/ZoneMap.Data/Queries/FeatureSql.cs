using System.Text;
using Npgsql;
using NpgsqlTypes;
using ZoneMap.Core.Cql2;
using ZoneMap.Core.Features;
using ZoneMap.Data.Features;

namespace ZoneMap.Data.Queries;

/// <summary>
/// Turns a validated <see cref="FeatureQuery"/> into SQL over its collection's source. Every user value becomes a
/// parameter; property names only ever come from the catalog (the whitelist), never from the request.
/// </summary>
public sealed class FeatureSql
{
    private readonly List<NpgsqlParameter> parameters = [];
    private readonly FeatureCollectionDefinition collection;
    private readonly FeatureQuery query;

    public FeatureSql(FeatureCollectionDefinition collection, FeatureQuery query)
    {
        this.collection = collection;
        this.query = query;
        Where = BuildWhere();
    }

    public string Where { get; }

    /// <summary>
    /// The period and datetime filters as conditions on one fact (alias <c>fs</c>: sector, family, period_start,
    /// period_end) of a collection whose facts are a separate table (<see cref="FeatureCollectionDefinition.FactFilter"/>);
    /// "true" when neither is given. Facet counts use it to count a zone under a sector only for a fact in the period.
    /// </summary>
    public string FactPeriod { get; private set; } = "true";

    /// <summary>The geometry served: zones may serve their footprint instead of their point.</summary>
    public string Geometry => query.Footprint && collection == FeatureCatalog.Zones ? "t.footprint" : "t.geom";

    public string From => $"({collection.Source}) t";

    /// <summary>For count(*): the light source when no filter needs an aggregated property.</summary>
    public string CountFrom => !usesAggregates && collection.LightSource is { } light ? $"({light}) t" : From;

    private bool usesAggregates;

    public NpgsqlCommand Command(NpgsqlConnection connection, string sql)
    {
        var cmd = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) cmd.Parameters.Add(p.Clone());
        return cmd;
    }

    public string Param(object value, NpgsqlDbType? type = null)
    {
        var name = $"p{parameters.Count}";
        parameters.Add(type is { } t ? new NpgsqlParameter(name, t) { Value = value } : new NpgsqlParameter(name, value));
        return "@" + name;
    }

    /// <summary>
    /// The statement with every parameter written as a SQL literal: what the benchmark gives pgbench and psql so that
    /// PostgreSQL alone runs exactly the statement the server runs. Never used to serve requests.
    /// </summary>
    public string Inline(string statement)
    {
        // One pass over the placeholders: a value that happens to contain "@p3" is never rewritten again.
        return System.Text.RegularExpressions.Regex.Replace(statement, @"@(p\d+)\b",
            m => Literal(parameters.Single(p => p.ParameterName == m.Groups[1].Value).Value));
    }

    private static string Literal(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s.Replace("'", "''") + "'",
        string[] a => "ARRAY[" + string.Join(", ", a.Select(Literal)) + "]::text[]",
        int i => i.ToString(System.Globalization.CultureInfo.InvariantCulture),
        long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "::float8",
        NetTopologySuite.Geometries.Geometry g => $"ST_GeomFromText('{g.AsText()}', 4326)",
        _ => throw new NotSupportedException($"No SQL literal for a {value.GetType().Name}."),
    };

    /// <summary>True when nothing narrows the collection: its stored count (if any) is the answer.</summary>
    public bool Unfiltered => Where == "true";

    public FeatureCollectionDefinition Collection => collection;

    /// <summary>The tile's columns: "id" as text, then the collection's tile properties (arrays joined by commas, as MVT has no arrays).</summary>
    public string TileColumns() =>
        string.Join(", ", collection.TileProperties.Select(name => collection.Property(name)!).Select(p =>
            p.Type == PropertyType.StringArray ? $"array_to_string({p.Column}, ',') AS {p.Name}" : $"{p.Column} AS {p.Name}")
            .Prepend("t.id::text AS id"));

    /// <summary>json_build_object of the selected properties (all by default).</summary>
    public string PropertiesJson()
    {
        var selected = query.Properties is null ? collection.Properties : collection.Properties.Where(p => query.Properties.Contains(p.Name)).ToList();
        if (selected.Count == 0) return "'{}'::json";
        return "json_build_object(" + string.Join(", ", selected.Select(p => $"'{p.Name}', {p.Column}")) + ")";
    }

    /// <summary>The page order: the sortby keys, then the id so that pages never overlap.</summary>
    public IReadOnlyList<(string Column, bool Descending)> SortKeys() =>
        query.SortBy.Select(k => (collection.Property(k.Property)!.Column, k.Descending)).Append(("t.id", false)).ToList();

    public string OrderBy() => Order(SortKeys().Select(k => k.Column));

    /// <summary>ORDER BY over other names for the <see cref="SortKeys"/> (e.g. a CTE's columns), same directions.</summary>
    public string Order(IEnumerable<string> columns) =>
        string.Join(", ", columns.Zip(SortKeys(), (c, k) => $"{c} {(k.Descending ? "DESC" : "ASC")} NULLS LAST"));

    private string BuildWhere()
    {
        var conditions = new List<string>();
        if (query.Bbox is { } b)
            conditions.Add($"ST_Intersects({Geometry}, ST_MakeEnvelope({Param(b.West)}, {Param(b.South)}, {Param(b.East)}, {Param(b.North)}, 4326))");
        if (query.Regions.Count > 0) conditions.Add($"t.region = ANY({Param(RegionNames.WithOtherNames(query.Regions).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)})");
        if (query.Kinds.Count > 0) conditions.Add($"t.kind = ANY({Param(query.Kinds.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text)})");
        if (query.Text is { } text)
        {
            var pattern = Param("%" + EscapeLike(text) + "%", NpgsqlDbType.Text);
            var columns = collection.TextColumns.Select(c => $"{c} ILIKE {pattern}");
            conditions.Add("(" + string.Join(" OR ", columns) + $" OR EXISTS (SELECT 1 FROM unnest(t.aliases) a WHERE a ILIKE {pattern}))");
        }

        if (collection.SectorArrayColumn is { } sectorColumn)
        {
            // Facts on the row itself: an array overlap the GIN index serves; families expand to their sectors first.
            if (query.Sectors.Count > 0)
            {
                var sectors = Param(query.Sectors.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
                conditions.Add($"""{sectorColumn} && ARRAY(SELECT s."Id" FROM sectors s WHERE s."Id" = ANY({sectors}) OR s."FamilyId" = ANY({sectors}))""");
            }
            foreach (var range in new[] { query.Period, query.Datetime })
            {
                if (range is null) continue;
                conditions.Add($"t.period_start <= {Param(range.To, NpgsqlDbType.Integer)} AND t.period_end >= {Param(range.From, NpgsqlDbType.Integer)}");
            }
            if (query.Filter is { } rowFilter) conditions.Add(Translate(rowFilter));
            return conditions.Count == 0 ? "true" : string.Join(" AND ", conditions.Select(c => "(" + c + ")"));
        }

        var facts = new List<string>();
        if (query.Sectors.Count > 0)
        {
            var sectors = Param(query.Sectors.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
            facts.Add($"(fs.sector = ANY({sectors}) OR fs.family = ANY({sectors}))");
        }
        var periods = new List<string>();
        foreach (var range in new[] { query.Period, query.Datetime })
        {
            if (range is null) continue;
            periods.Add($"fs.period_start <= {Param(range.To, NpgsqlDbType.Integer)} AND fs.period_end >= {Param(range.From, NpgsqlDbType.Integer)}");
        }
        facts.AddRange(periods);
        if (periods.Count > 0) FactPeriod = string.Join(" AND ", periods.Select(c => "(" + c + ")"));
        if (facts.Count > 0) conditions.Add(string.Format(collection.FactFilter, string.Join(" AND ", facts)));

        if (query.Filter is { } filter) conditions.Add(Translate(filter));
        return conditions.Count == 0 ? "true" : string.Join(" AND ", conditions.Select(c => "(" + c + ")"));
    }

    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");

    private string Translate(CqlNode node) => node switch
    {
        CqlAnd a => $"({Translate(a.Left)} AND {Translate(a.Right)})",
        CqlOr o => $"({Translate(o.Left)} OR {Translate(o.Right)})",
        CqlNot n => $"(NOT coalesce({Translate(n.Operand)}, false))",
        CqlComparison c => $"{Column(c.Property)} {Operator(c.Operator)} {Literal(c.Property, c.Value)}",
        CqlIn i => $"{Column(i.Property)} IN ({string.Join(", ", i.Values.Select(v => Literal(i.Property, v)))})",
        CqlLike l => $"{TextColumn(l.Property)} LIKE {Param(l.Pattern, NpgsqlDbType.Text)}",
        CqlBetween b => $"{Column(b.Property)} BETWEEN {Literal(b.Property, b.Low)} AND {Literal(b.Property, b.High)}",
        CqlIsNull n => $"{Column(n.Property)} IS NULL",
        CqlSpatial s => $"{SpatialFunction(s.Operator)}({GeometryColumn(s.Property)}, {Param(s.Geometry)})",
        _ => throw new CqlException("This filter expression is not supported."),
    };

    private static string Operator(CqlComparisonOperator op) => op switch
    {
        CqlComparisonOperator.Equal => "=", CqlComparisonOperator.NotEqual => "<>", CqlComparisonOperator.Less => "<",
        CqlComparisonOperator.LessOrEqual => "<=", CqlComparisonOperator.Greater => ">", _ => ">=",
    };

    private static string SpatialFunction(CqlSpatialOperator op) => op switch
    {
        CqlSpatialOperator.Intersects => "ST_Intersects", CqlSpatialOperator.Disjoint => "ST_Disjoint",
        CqlSpatialOperator.Within => "ST_Within", CqlSpatialOperator.Contains => "ST_Contains",
        CqlSpatialOperator.Equals => "ST_Equals", CqlSpatialOperator.Touches => "ST_Touches",
        CqlSpatialOperator.Overlaps => "ST_Overlaps", _ => "ST_Crosses",
    };

    private CollectionProperty Queryable(string name)
    {
        var property = collection.Properties.FirstOrDefault(p => p.Name == name && p.Queryable)
            ?? throw new CqlException($"'{name}' is not a queryable of {collection.Id}; queryables are: {string.Join(", ", QueryableNames(collection))}.");
        usesAggregates |= property.Aggregated;
        return property;
    }

    public static IEnumerable<string> QueryableNames(FeatureCollectionDefinition c) =>
        c.Properties.Where(p => p.Queryable).Select(p => p.Name).Append("geometry");

    private string Column(string name) => name == "geometry"
        ? throw new CqlException("The geometry can only be used in spatial functions such as S_INTERSECTS(geometry, POINT(121.5 31.2)).")
        : Queryable(name).Column;

    private string TextColumn(string name)
    {
        var p = Queryable(name);
        return p.Type == PropertyType.String ? p.Column : throw new CqlException($"LIKE needs a text property; '{name}' is {TypeName(p.Type)}.");
    }

    private string GeometryColumn(string name) => name == "geometry" ? Geometry
        : throw new CqlException($"Spatial functions take the property 'geometry', not '{name}'.");

    private string Literal(string property, CqlLiteral literal)
    {
        var p = Queryable(property);
        return (p.Type, literal.Value) switch
        {
            (PropertyType.String, string s) => Param(s, NpgsqlDbType.Text),
            (PropertyType.Integer, double d) => Param(d, NpgsqlDbType.Double),
            (PropertyType.Boolean, bool b) => Param(b, NpgsqlDbType.Boolean),
            (PropertyType.String, _) => throw new CqlException($"'{property}' is text: compare it with a quoted string, e.g. {property} = 'value'."),
            (PropertyType.Boolean, _) => throw new CqlException($"'{property}' is true or false: compare it with TRUE or FALSE, e.g. {property} = FALSE."),
            _ => throw new CqlException($"'{property}' is a number: compare it with a number, e.g. {property} > 1."),
        };
    }

    private static string TypeName(PropertyType type) => type switch
    {
        PropertyType.Integer => "a number",
        PropertyType.Boolean => "true or false",
        _ => "a list",
    };
}
