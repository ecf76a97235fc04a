using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using ZoneMap.Tests.Shared;

namespace ZoneMap.Api.Tests.Hardening;

/// <summary>
/// FsCheck generators for hostile request targets: every endpoint, with query strings built from boundary numbers,
/// bboxes, datetimes, a small CQL2 grammar (valid-ish and broken), SQL fragments, huge values, invalid UTF-8
/// percent-escapes, NUL bytes, repeated and unknown parameters. Values come out already percent-encoded (or
/// deliberately not), ready to append to a URL.
/// </summary>
public static class HostileQueryGen
{
    public static readonly string[] Collections = ["zones", "structures", "districts", "mentions"];
    private static readonly string[] KnownIds = ["sh-zhangjiang", "cq-xiyong", "cq-double-core", "310115", "500106", "1", "2", HostileData.PlaceId];
    private static readonly string[] DocumentIds = ["sample-sh", "sample-cq", HostileData.DocumentId, "000"];
    private static readonly string[] Parameters =
    [
        "f", "bbox", "bbox-crs", "crs", "datetime", "limit", "offset", "sector", "period", "region", "kind", "properties", "sortby", "q",
        "filter", "filter-lang", "filter-crs", "geometry", "format", "collection", "role", "lang",
    ];
    private static readonly string[] Properties = ["id", "name_zh", "name_zht", "name_en", "aliases", "kind", "region", "district", "sectors", "role", "period_start", "period_end", "mention_count", "location_estimated", "location_source", "quote", "document", "geometry"];
    private static readonly string[] SqlFragments =
    [
        "'); DROP TABLE places;--", "x' OR '1'='1", "name_zh; DELETE FROM mentions", "1 UNION SELECT rolpassword FROM pg_authid--",
        "' UNION SELECT \"Text\" FROM documents--", "1; SELECT pg_sleep(10)--", "'||pg_sleep(10)||'", "$$; DROP TABLE documents; $$", "\" OR 1=1 --",
        "id) FROM places; --", "name_en\"; TRUNCATE zone_facts; --", "E'\\x27'", "%' --", "1/0", "COPY places TO '/tmp/x'", "\\", "'", "\"", ";", "--", "/*", "*/",
    ];
    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "1e308", "1e309", "-1e400",
        "1e-400", "NaN", "nan", "Infinity", "-Infinity", "0x10", "1_000", "1,5", "1.5", ".5", "5.", "+1", "--1", "1e", "e1", "٣", "１", "0.1e1", "99999999999999999999999",
        "180", "-180", "180.0000001", "90", "-90.0000001", "", " ",
    ];
    private static readonly string[] BadEscapes = ["%FF", "%FE%FF", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%C0%AF", "%E2%82", "%", "%G1", "%%", "%0", "%00", "%25%00", "%C0%80", "%EF%BF%BF", "%F0%9F%92%A9"];
    private static readonly string[] Words = ["nev", "steel", "integrated-circuits", "new-generation-it", "shanghai", "chongqing", "beijing", "park", "new_area", "2021-2025", "2011-2015", "csv", "geojson", "kml", "gpkg", "shp", "html", "json", "CRS84", "zones", "mentions", "张江", "兩江", "Lingang", "cql2-text", "footprint", "point", "true", "null"];
    private static readonly string[] ExportFormats = ["geojson", "csv", "kml", "gpkg", "shp"];

    private static string Enc(string s) => Uri.EscapeDataString(s);

    private static Gen<string> Number() => Gen.OneOf(
        Gen.Elements(Numbers),
        Gen.Choose(-100_000, 100_000).Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Choose(-2_000_000, 2_000_000).Select(i => (i / 10_000.0).ToString("R", CultureInfo.InvariantCulture)));

    private static Gen<string> Bbox() => Gen.OneOf(
        Gen.Choose(3, 6).SelectMany(n => Gen.ArrayOf(Number(), n)).Select(ns => string.Join(",", ns)),
        from w in Gen.Choose(-180, 179) from s in Gen.Choose(-90, 89) from dx in Gen.Choose(0, 40) from dy in Gen.Choose(0, 40)
        select FormattableString.Invariant($"{w},{s},{Math.Min(180, w + dx)},{Math.Min(90, s + dy)}"),
        Gen.Elements("1,2,3", ",,,", "a,b,c,d", "121,31,122", "121,31,122,32,0,10", "-180,-90,180,90", "180,90,-180,-90", "121.5,31.2,121.5,31.2"));

    private static Gen<string> Datetime()
    {
        var instant = from y in Gen.Choose(-1, 10_000) from m in Gen.Choose(0, 13) from d in Gen.Choose(0, 32) from h in Gen.Choose(0, 25)
                      from form in Gen.Choose(0, 3)
                      select form switch
                      {
                          0 => FormattableString.Invariant($"{y:0000}-{m:00}-{d:00}"),
                          1 => FormattableString.Invariant($"{y:0000}-{m:00}-{d:00}T{h:00}:00:00Z"),
                          2 => FormattableString.Invariant($"{y:0000}-{m:00}-{d:00}T{h:00}:61:00+25:00"),
                          _ => FormattableString.Invariant($"{y}"),
                      };
        var piece = Gen.OneOf(instant, Gen.Elements("..", "", "now", "yesterday", "2021-01-01", "2025-12-31T23:59:59Z"));
        return Gen.OneOf(piece, from a in piece from b in piece select a + "/" + b, from a in piece from b in piece from c in piece select a + "/" + b + "/" + c);
    }

    private static Gen<string> TextValue() => Gen.OneOf(
        Gen.Elements(Words), Gen.Elements(SqlFragments),
        Gen.ArrayOf(Gen.Elements("a", "Z", "0", "-", "_", "'", "\"", "(", ")", ",", " ", "%", "张", "園", "\t", "\n", "\0", "\u200b", "\ud83d\ude00", "<", ">", "&"))
            .Select(cs => string.Concat(cs)));

    /// <summary>A small CQL2-text grammar; depth-bounded so it terminates.</summary>
    private static Gen<string> Cql(int depth)
    {
        var literal = Gen.OneOf(Number(), TextValue().Select(t => "'" + t.Replace("'", "''") + "'"), Gen.Elements("TRUE", "FALSE", "NULL", "DATE('2021-01-01')", "TIMESTAMP('2021-01-01T00:00:00Z')"));
        var property = Gen.OneOf(Gen.Elements(Properties), Gen.Elements("\"name_zh\"", "\"x\"\"y\"", "casei(name_en)", "accenti(name_en)", "unknown_prop"));
        var wkt = Gen.OneOf(
            from b in Bbox() select "BBOX(" + b + ")",
            from x in Number() from y in Number() select $"POINT({x} {y})",
            Gen.Elements("POLYGON((121 31,122 31,122 32,121 32,121 31))", "POLYGON((0 0,1 1,1 0,0 1,0 0))", "LINESTRING(0 0)", "POLYGON EMPTY", "ENVELOPE(121,122,32,31)", "GEOMETRYCOLLECTION(POINT(1 1))", "POINT(1e400 0)"));
        var leaf = Gen.OneOf(
            from p in property from op in Gen.Elements("=", "<>", "<", "<=", ">", ">=", "==", "!=", "=<") from v in literal select $"{p} {op} {v}",
            from p in property from v in TextValue() select $"{p} LIKE '{v.Replace("'", "''")}%'",
            from p in property from vs in Gen.ArrayOf(literal) select $"{p} IN ({string.Join(",", vs)})",
            from p in property from a in Number() from b in Number() select $"{p} BETWEEN {a} AND {b}",
            from p in property select $"{p} IS NOT NULL",
            from f in Gen.Elements("S_INTERSECTS", "S_WITHIN", "S_CONTAINS", "S_DISJOINT", "S_CROSSES", "T_AFTER", "A_CONTAINS", "FOO") from g in wkt select $"{f}(geometry,{g})");
        if (depth <= 0) return leaf;
        var sub = Cql(depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (2, from a in sub from op in Gen.Elements(" AND ", " OR ", " and ", " XOR ") from b in sub select a + op + b),
            (1, sub.Select(a => "NOT " + a)),
            (1, sub.Select(a => "(" + a + ")")));
    }

    /// <summary>Grammar output, sometimes broken on purpose: truncated, a character dropped, or stray tokens.</summary>
    private static Gen<string> Filter() => Cql(3).SelectMany(c => Gen.Frequency(
        (3, Gen.Constant(c)),
        (1, Gen.Choose(0, c.Length).Select(i => c[..i])),
        (1, Gen.Choose(0, Math.Max(0, c.Length - 1)).Select(i => c.Length == 0 ? c : c.Remove(i, 1))),
        (1, Gen.Elements("(", ")", "'", "\"", ";", " AND", "OR ", ",").Select(t => c + t))));

    private static Gen<string> Huge() => from c in Gen.Elements("a", "张", "(", "'", ",", "1")
                                         from n in Gen.Frequency((8, Gen.Choose(1_000, 8_000)), (1, Gen.Choose(8_000, 40_000)))
                                         select string.Concat(Enumerable.Repeat(c, n / (c == "张" ? 9 : 1)));

    /// <summary>One percent-encoded value for a parameter: mostly of its own kind, sometimes any kind.</summary>
    private static Gen<string> Value(string name)
    {
        Gen<string> own = name switch
        {
            "bbox" => Bbox(),
            "datetime" => Datetime(),
            "limit" or "offset" => Number(),
            "filter" => Filter(),
            "properties" or "sortby" => Gen.ArrayOf(Gen.OneOf(Gen.Elements(Properties), Gen.Elements(Properties).Select(p => "-" + p), Gen.Elements(Properties).Select(p => "+" + p), Gen.Elements(SqlFragments)))
                .Select(ps => string.Join(",", ps)),
            "format" => Gen.OneOf(Gen.Elements(ExportFormats), TextValue()),
            "f" => Gen.Elements("json", "geojson", "html", "xml", "JSON", "", "jsonp"),
            _ => TextValue(),
        };
        var encoded = Gen.Frequency((10, own), (2, Gen.OneOf(Number(), TextValue(), Datetime(), Filter())), (1, Huge())).Select(Enc);
        return Gen.Frequency(
            (12, encoded),
            (1, from v in encoded from e in Gen.Elements(BadEscapes) from i in Gen.Choose(0, v.Length) select v[..i] + e + v[i..]),
            (1, from v in encoded select v + "%00" + v));
    }

    private static Gen<string> Pair() => Gen.Frequency(
        (10, Gen.Elements(Parameters).SelectMany(n => Value(n).Select(v => Enc(n) + "=" + v))),
        (1, from n in Gen.OneOf(TextValue(), Gen.Elements(BadEscapes)) from v in Value("q") select Enc(n) + "=" + v),
        (1, Gen.Elements("=", "&", "a", "limit", "limit=", "=1", "&&", "f=json&f=json", "%00=1", "a[]=1", "bbox[0]=1")));

    private static Gen<string> Query() => Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Pair(), n)).SelectMany(pairs =>
        pairs.Length == 0
            ? Gen.Constant("")
            // Sometimes repeat one parameter.
            : Gen.Frequency((5, Gen.Constant(pairs)), (1, Gen.Elements(pairs).Select(p => pairs.Append(p).ToArray())))
                .Select(ps => "?" + string.Join("&", ps)));

    /// <summary>
    /// A path segment. No NUL: the in-process TestServer refuses a NUL in the path client-side, and Kestrel answers it
    /// with 400 before ZoneMap runs (ErrorTests.Hostile_path_segments_are_404_not_500 covers that on a real server).
    /// </summary>
    private static Gen<string> Segment(string[] known) => Gen.Frequency(
        (6, Gen.Elements(known)),
        (1, TextValue().Where(t => t.Length > 0 && !t.Contains('\0')).Select(Enc)),
        (1, Gen.Elements(BadEscapes).Where(e => e is not ("%" or "%%") && !e.Contains("%00"))));

    private static Gen<string> Path()
    {
        var collection = Segment(Collections);
        return Gen.OneOf(
            Gen.Elements("/", "/conformance", "/api", "/collections", "/documents", "/sectors", "/health"),
            collection.Select(c => $"/collections/{c}"),
            collection.Select(c => $"/collections/{c}/items"),
            collection.Select(c => $"/collections/{c}/items"),
            collection.Select(c => $"/collections/{c}/queryables"),
            from c in collection from id in Segment(KnownIds) select $"/collections/{c}/items/{id}",
            Segment(DocumentIds).Select(d => $"/documents/{d}"),
            Gen.Constant("/export"));
    }

    /// <summary>A request target: path plus query; /export usually gets a format so that its writers run.</summary>
    public static Gen<string> Target() =>
        from path in Path()
        from query in Query()
        from format in Gen.Elements(ExportFormats)
        from collection in Gen.Elements(Collections)
        select path == "/export" && !query.Contains("format=", StringComparison.Ordinal)
            ? $"/export?format={format}&collection={collection}" + (query.Length > 0 ? "&" + query[1..] : "")
            : path + query;
}
