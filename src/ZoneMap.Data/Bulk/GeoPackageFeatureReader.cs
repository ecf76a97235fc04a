using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using ZoneMap.Core.Bulk;

namespace ZoneMap.Data.Bulk;

/// <summary>The features of a GeoPackage's first (or named) feature table, one row at a time from SQLite.</summary>
public static class GeoPackageFeatureReader
{
    public static async Task<(string Table, string GeometryColumn, int Srid, long Count)> DescribeAsync(string path, string? table, CancellationToken ct)
    {
        await using var db = Open(path);
        await db.OpenAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT c.table_name, g.column_name,
                   CASE WHEN upper(s.organization) = 'EPSG' THEN s.organization_coordsys_id ELSE g.srs_id END
            FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
            LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
            WHERE c.data_type = 'features' AND ($t IS NULL OR c.table_name = $t) ORDER BY c.table_name LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$t", (object?)table ?? DBNull.Value);
        string name, column;
        int srid;
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
                throw new BulkLoadException(table is null ? $"{path} has no feature table (gpkg_contents lists none)." : $"{path} has no feature table '{table}'.");
            name = reader.GetString(0);
            column = reader.GetString(1);
            srid = reader.IsDBNull(2) ? 0 : reader.GetInt32(2);
        }
        cmd.CommandText = $"SELECT count(*) FROM {Quote(name)}";
        cmd.Parameters.Clear();
        return (name, column, srid, (long)(await cmd.ExecuteScalarAsync(ct))!);
    }

    /// <summary><paramref name="srid"/> is the layer's (EPSG) SRID, which geometries whose blob header says nothing inherit.</summary>
    public static async IAsyncEnumerable<SourceFeature> ReadAsync(string path, string table, string geometryColumn, int srid, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = Open(path);
        await db.OpenAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT * FROM {Quote(table)}";
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var geometryOrdinal = reader.GetOrdinal(geometryColumn);
        var geoReader = new GeoPackageGeoReader();
        long number = 0;
        while (await reader.ReadAsync(ct))
        {
            number++;
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            using var json = new MemoryStream();
            await using (var writer = new Utf8JsonWriter(json))
            {
                writer.WriteStartObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (i == geometryOrdinal) continue;
                    var name = reader.GetName(i);
                    var value = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    switch (value)
                    {
                        case null: writer.WriteNull(name); break;
                        case long l: writer.WriteNumber(name, l); break;
                        case double d: writer.WriteNumber(name, d); break;
                        case byte[]: continue;
                        default: writer.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                    }
                    values[name] = value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
                }
                writer.WriteEndObject();
            }
            Geometry? geometry = null;
            if (!reader.IsDBNull(geometryOrdinal))
            {
                try
                {
                    geometry = geoReader.Read((byte[])reader.GetValue(geometryOrdinal));
                    if (geometry.SRID <= 0) geometry.SRID = srid;
                }
                catch (Exception e) when (e is ParseException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
                {
                    throw new BulkLoadException($"feature {number}: the geometry blob cannot be read ({e.Message}).");
                }
            }
            yield return new SourceFeature(number, null, values, Encoding.UTF8.GetString(json.ToArray()), geometry);
        }
    }

    private static SqliteConnection Open(string path) =>
        new(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
}
