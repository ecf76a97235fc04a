using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml;
using CsvHelper;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;
using ZoneMap.Api.Features.Collections;
using ZoneMap.Core.Features;
using ZoneMap.Data;
using ZoneMap.Data.Features;
using ZoneMap.Data.Queries;

namespace ZoneMap.Api.Features.Export;

public sealed record ExportFormat(string Id, string Extension, string ContentType)
{
    public static readonly IReadOnlyList<ExportFormat> All =
    [
        new("geojson", "geojson", "application/geo+json"),
        new("csv", "csv", "text/csv; charset=utf-8"),
        new("kml", "kml", "application/vnd.google-earth.kml+xml"),
        new("gpkg", "gpkg", "application/geopackage+sqlite3"),
        new("shp", "shp.zip", "application/zip"),
    ];

    public static ExportFormat Parse(string? id) =>
        All.FirstOrDefault(f => f.Id == id?.ToLowerInvariant())
        ?? throw new QueryException(id is null
            ? $"format is required: one of {string.Join(", ", All.Select(f => f.Id))}."
            : $"Unknown export format '{(id.Length > 20 ? id[..20] : id)}'; use one of {string.Join(", ", All.Select(f => f.Id))}.");
}

/// <summary>
/// Writes the features of a query as a file; the /export endpoint and `zonemap export` both come here, after the same
/// parser, so a file holds exactly what /items would serve for the same filters.
/// </summary>
public sealed class FeatureExporter(FeatureQueries queries)
{
    private const string Wgs84Wkt = """GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]""";

    public static string FileName(FeatureQuery query, ExportFormat format) => $"zonemap_{query.Describe()}.{format.Extension}";

    /// <summary>Formats written row by row straight to the output; the others (files with indexes and headers) go through a temp file.</summary>
    public static bool Streams(ExportFormat format) => format.Id is "geojson" or "csv" or "kml";

    /// <summary>
    /// limit is null for "everything that matches". Rows come one at a time from the database reader, so memory does
    /// not grow with the result: GeoJSON, CSV and KML go straight to <paramref name="output"/>, GeoPackage and Shapefile
    /// are written to a temp file first (see <see cref="WriteFileAsync"/>).
    /// </summary>
    public async Task WriteAsync(FeatureCollectionDefinition collection, FeatureQuery query, int? limit, ExportFormat format, Stream output, CancellationToken ct)
    {
        if (!Streams(format))
        {
            await using var file = await WriteFileAsync(collection, query, limit, format, ct);
            await file.CopyToAsync(output, ct);
            return;
        }
        var sql = new FeatureSql(collection, query);
        if (format.Id == "geojson")
        {
            await new FeatureCollectionResult(queries.FeaturesAsync(sql, limit, query.Offset, ct), null, null).WriteAsync(output, ct);
            return;
        }
        var properties = Selected(collection, query);
        var rows = queries.ExportRowsAsync(sql, limit, query.Offset, ct);
        if (format.Id == "csv") await WriteCsvAsync(properties, rows, output, ct);
        else await WriteKmlAsync(collection, properties, rows, output, ct);
    }

    /// <summary>
    /// A GeoPackage or zipped Shapefile in a temp file that deletes itself when the returned stream is closed; written
    /// whole before the first byte is sent, so a problem found late (mixed geometry types) is still a clean 400.
    /// </summary>
    public async Task<FileStream> WriteFileAsync(FeatureCollectionDefinition collection, FeatureQuery query, int? limit, ExportFormat format, CancellationToken ct)
    {
        var rows = queries.ExportRowsAsync(new FeatureSql(collection, query), limit, query.Offset, ct);
        var path = Path.Combine(Path.GetTempPath(), $"zonemap-export-{Guid.NewGuid():N}.{format.Extension}");
        try
        {
            if (format.Id == "gpkg") await WriteGeoPackageAsync(collection, Selected(collection, query), rows, path, ct);
            else
            {
                await using var zip = File.Create(path);
                await WriteShapefileAsync(collection, Selected(collection, query), rows, zip, ct);
            }
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    private static IReadOnlyList<CollectionProperty> Selected(FeatureCollectionDefinition collection, FeatureQuery query) =>
        query.Properties is null ? collection.Properties : collection.Properties.Where(p => query.Properties.Contains(p.Name)).ToList();

    private static object? Value(JsonElement properties, CollectionProperty p)
    {
        if (!properties.TryGetProperty(p.Name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return p.Type switch
        {
            PropertyType.Integer => v.GetInt32(),
            PropertyType.Boolean => v.GetBoolean(),
            PropertyType.StringArray => string.Join(";", v.EnumerateArray().Select(e => e.GetString())),
            _ => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText(),
        };
    }

    /// <summary>A value for the text formats (CSV, KML): booleans as JSON and XML Schema write them (true/false).</summary>
    private static string? Text(object? value) => value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture);

    private static async Task WriteCsvAsync(IReadOnlyList<CollectionProperty> properties, IAsyncEnumerable<ExportRow> rows, Stream output, CancellationToken ct)
    {
        // The BOM makes spreadsheet programs read the Chinese names as UTF-8.
        await output.WriteAsync(Encoding.UTF8.GetPreamble(), ct);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        csv.WriteField("fid");
        foreach (var p in properties) csv.WriteField(p.Name);
        csv.WriteField("WKT");
        await csv.NextRecordAsync();
        await foreach (var row in rows)
        {
            using var json = JsonDocument.Parse(row.PropertiesJson);
            csv.WriteField(row.Id);
            foreach (var p in properties) csv.WriteField(Text(Value(json.RootElement, p)));
            csv.WriteField(row.Geometry?.AsText() ?? "");
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    /// <summary>KML written by hand with XmlWriter: no KML library is served on NuGet here.</summary>
    private static async Task WriteKmlAsync(FeatureCollectionDefinition collection, IReadOnlyList<CollectionProperty> properties, IAsyncEnumerable<ExportRow> rows, Stream output, CancellationToken ct)
    {
        const string ns = "http://www.opengis.net/kml/2.2";
        // XmlWriter writes synchronously, which the response stream refuses: it writes into a small buffer that is
        // handed to the output asynchronously every few hundred placemarks, so memory stays flat however many rows.
        var chunk = new MemoryStream();
        using var xml = XmlWriter.Create(chunk, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, CloseOutput = false });
        async Task Drain()
        {
            xml.Flush();
            await output.WriteAsync(chunk.GetBuffer().AsMemory(0, (int)chunk.Length), ct);
            chunk.SetLength(0);
        }
        xml.WriteStartDocument();
        xml.WriteStartElement("kml", ns);
        xml.WriteStartElement("Document", ns);
        xml.WriteElementString("name", ns, $"ZoneMap {collection.Title}");
        var written = 0;
        await foreach (var row in rows)
        {
            if (++written % 500 == 0) await Drain();
            using var json = JsonDocument.Parse(row.PropertiesJson);
            xml.WriteStartElement("Placemark", ns);
            xml.WriteAttributeString("id", $"{collection.Id}.{row.Id}");
            var name = json.RootElement.TryGetProperty(collection.NameProperty, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : row.Id;
            xml.WriteElementString("name", ns, name);
            xml.WriteStartElement("ExtendedData", ns);
            WriteData(xml, ns, "fid", row.Id);
            foreach (var p in properties)
                WriteData(xml, ns, p.Name, Text(Value(json.RootElement, p)) ?? "");
            xml.WriteEndElement();
            if (row.Geometry is not null) WriteKmlGeometry(xml, ns, row.Geometry);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
        await Drain();
    }

    private static void WriteData(XmlWriter xml, string ns, string name, string value)
    {
        xml.WriteStartElement("Data", ns);
        xml.WriteAttributeString("name", name);
        xml.WriteElementString("value", ns, value);
        xml.WriteEndElement();
    }

    private static void WriteKmlGeometry(XmlWriter xml, string ns, Geometry geometry)
    {
        static string Coordinates(IEnumerable<Coordinate> cs) =>
            string.Join(' ', cs.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.X:0.######},{c.Y:0.######}")));
        void Ring(string element, LineString ring)
        {
            xml.WriteStartElement(element, ns);
            xml.WriteStartElement("LinearRing", ns);
            xml.WriteElementString("coordinates", ns, Coordinates(ring.Coordinates));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        switch (geometry)
        {
            case Point p:
                xml.WriteStartElement("Point", ns);
                xml.WriteElementString("coordinates", ns, Coordinates([p.Coordinate]));
                xml.WriteEndElement();
                break;
            case LineString l:
                xml.WriteStartElement("LineString", ns);
                xml.WriteElementString("coordinates", ns, Coordinates(l.Coordinates));
                xml.WriteEndElement();
                break;
            case Polygon poly:
                xml.WriteStartElement("Polygon", ns);
                Ring("outerBoundaryIs", poly.ExteriorRing);
                foreach (var hole in poly.InteriorRings) Ring("innerBoundaryIs", hole);
                xml.WriteEndElement();
                break;
            case GeometryCollection many:
                xml.WriteStartElement("MultiGeometry", ns);
                foreach (var part in many.Geometries) WriteKmlGeometry(xml, ns, part);
                xml.WriteEndElement();
                break;
        }
    }

    /// <summary>
    /// NetTopologySuite.IO.GeoPackage 2.0 only encodes geometry blobs, so the GeoPackage tables (spatial_ref_sys, contents,
    /// geometry_columns, the feature table) are created here with Microsoft.Data.Sqlite, per OGC 12-128r18.
    /// </summary>
    private static async Task WriteGeoPackageAsync(FeatureCollectionDefinition collection, IReadOnlyList<CollectionProperty> properties, IAsyncEnumerable<ExportRow> rows, string path, CancellationToken ct)
    {
        {
            await using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ConnectionString))
            {
                await db.OpenAsync(ct);
                await using var tx = db.BeginTransaction();
                var columns = string.Join("", properties.Select(p => $", \"{p.Name}\" {p.Type switch { PropertyType.Integer => "INTEGER", PropertyType.Boolean => "BOOLEAN", _ => "TEXT" }}"));
                var geometryType = collection.GeometryType == "Geometry" ? "GEOMETRY" : collection.GeometryType.ToUpperInvariant();
                await Execute(db, $"""
                    PRAGMA application_id = 1196444487;
                    PRAGMA user_version = 10300;
                    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
                      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
                    INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
                      ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL),
                      ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{Wgs84Wkt.Replace("'", "''")}', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
                    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
                      description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
                      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER REFERENCES gpkg_spatial_ref_sys(srs_id));
                    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
                      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, PRIMARY KEY (table_name, column_name),
                      FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
                    CREATE TABLE "{collection.Id}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom {geometryType}, feature_id TEXT NOT NULL{columns});
                    """, ct);
                await using (var contents = db.CreateCommand())
                {
                    contents.CommandText = "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES ($t, 'features', $t, $d, 4326)";
                    contents.Parameters.AddWithValue("$t", collection.Id);
                    contents.Parameters.AddWithValue("$d", collection.Title);
                    await contents.ExecuteNonQueryAsync(ct);
                }
                await Execute(db, $"INSERT INTO gpkg_geometry_columns VALUES ('{collection.Id}', 'geom', '{geometryType}', 4326, 0, 0)", ct);
                await using var insert = db.CreateCommand();
                insert.CommandText = $"INSERT INTO \"{collection.Id}\" (geom, feature_id{string.Join("", properties.Select(p => $", \"{p.Name}\""))}) VALUES ($geom, $id{string.Join("", properties.Select((_, i) => $", $p{i}"))})";
                var writer = new GeoPackageGeoWriter();
                // The extent is known only at the end: rows stream through, the envelope grows with them.
                var envelope = new Envelope();
                await foreach (var row in rows)
                {
                    if (row.Geometry is not null) envelope.ExpandToInclude(row.Geometry.EnvelopeInternal);
                    using var json = JsonDocument.Parse(row.PropertiesJson);
                    insert.Parameters.Clear();
                    insert.Parameters.AddWithValue("$geom", row.Geometry is null ? DBNull.Value : writer.Write(row.Geometry));
                    insert.Parameters.AddWithValue("$id", row.Id);
                    for (var i = 0; i < properties.Count; i++) insert.Parameters.AddWithValue($"$p{i}", Value(json.RootElement, properties[i]) ?? DBNull.Value);
                    await insert.ExecuteNonQueryAsync(ct);
                }
                if (!envelope.IsNull)
                {
                    await using var extent = db.CreateCommand();
                    extent.CommandText = "UPDATE gpkg_contents SET min_x = $x0, min_y = $y0, max_x = $x1, max_y = $y1 WHERE table_name = $t";
                    extent.Parameters.AddWithValue("$t", collection.Id);
                    extent.Parameters.AddWithValue("$x0", envelope.MinX);
                    extent.Parameters.AddWithValue("$y0", envelope.MinY);
                    extent.Parameters.AddWithValue("$x1", envelope.MaxX);
                    extent.Parameters.AddWithValue("$y1", envelope.MaxY);
                    await extent.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
            }
        }
    }

    private static async Task Execute(SqliteConnection db, string sql, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// A zipped Shapefile (.shp .shx .dbf .prj .cpg, UTF-8 attributes). A shapefile holds one geometry type: it is taken
    /// from the first feature, and a later feature of another type refuses the export.
    /// </summary>
    private static async Task WriteShapefileAsync(FeatureCollectionDefinition collection, IReadOnlyList<CollectionProperty> properties, IAsyncEnumerable<ExportRow> rows, Stream output, CancellationToken ct)
    {
        QueryException Mixed() => new($"{collection.Id} mixes geometry types, which a Shapefile cannot hold; export it as gpkg or geojson, or filter to one kind.");
        await using var enumerator = rows.GetAsyncEnumerator(ct);
        var first = await enumerator.MoveNextAsync() ? enumerator.Current : null;
        var shapeType = first?.Geometry switch
        {
            MultiPoint => ShapeType.MultiPoint,
            Point => ShapeType.Point,
            LineString or MultiLineString => ShapeType.PolyLine,
            Polygon or MultiPolygon => ShapeType.Polygon,
            null when collection.GeometryType == "Point" => ShapeType.Point,
            null => ShapeType.Polygon,
            _ => throw Mixed(),
        };
        bool Fits(Geometry? g) => g is null || shapeType switch
        {
            ShapeType.Point => g is Point,
            ShapeType.MultiPoint => g is MultiPoint or Point,
            ShapeType.PolyLine => g is LineString or MultiLineString,
            _ => g is Polygon or MultiPolygon,
        };
        var names = ShapefileFieldNames(properties);
        var fields = properties.Select(p => p.Type switch
        {
            PropertyType.Integer => new DbfNumericInt32Field(names[p.Name]),
            PropertyType.Boolean => new DbfLogicalField(names[p.Name]),
            _ => (DbfField)new DbfCharacterField(names[p.Name], 254),
        }).Prepend(new DbfCharacterField("fid", 64)).ToArray();
        var dir = Directory.CreateTempSubdirectory("zonemap-shp-");
        try
        {
            var shp = Path.Combine(dir.FullName, collection.Id + ".shp");
            var options = new ShapefileWriterOptions(shapeType, fields) { Encoding = Encoding.UTF8, Projection = Wgs84Wkt };
            using (var writer = Shapefile.OpenWrite(shp, options))
            {
                for (var row = first; row is not null; row = await enumerator.MoveNextAsync() ? enumerator.Current : null)
                {
                    if (!Fits(row.Geometry)) throw Mixed();
                    using var json = JsonDocument.Parse(row.PropertiesJson);
                    var attributes = new AttributesTable { { "fid", row.Id } };
                    foreach (var p in properties) attributes.Add(names[p.Name], Truncate(Value(json.RootElement, p)));
                    writer.Write(new Feature(row.Geometry, attributes));
                }
            }
            var cpg = Path.ChangeExtension(shp, ".cpg");
            if (!File.Exists(cpg)) await File.WriteAllTextAsync(cpg, "UTF-8", ct);
            await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var file in Directory.GetFiles(dir.FullName))
            {
                var entry = zip.CreateEntry(Path.GetFileName(file));
                await using var target = await entry.OpenAsync(ct);
                await using var source = File.OpenRead(file);
                await source.CopyToAsync(target, ct);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>DBF text fields hold 254 bytes: cut on a character boundary (UTF-8 Chinese is 3 bytes a character).</summary>
    private static object? Truncate(object? value)
    {
        if (value is not string s || Encoding.UTF8.GetByteCount(s) <= 254) return value;
        var end = s.Length;
        while (Encoding.UTF8.GetByteCount(s.AsSpan(0, end)) > 254) end--;
        if (end > 0 && char.IsHighSurrogate(s[end - 1])) end--;
        return s[..end];
    }

    /// <summary>DBF field names have at most 10 characters: shorten, keeping them unique.</summary>
    public static Dictionary<string, string> ShapefileFieldNames(IEnumerable<CollectionProperty> properties)
    {
        var names = new Dictionary<string, string>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "fid" };
        foreach (var p in properties)
        {
            var name = p.ShortName ?? (p.Name.Length <= 10 ? p.Name : p.Name[..10]);
            for (var i = 1; !used.Add(name); i++) name = p.Name[..Math.Min(p.Name.Length, 8)] + i.ToString("00", CultureInfo.InvariantCulture);
            names[p.Name] = name;
        }
        return names;
    }
}
