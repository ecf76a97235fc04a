namespace ZoneMap.Core.Features;

/// <summary>A tile of the Web Mercator quad tree (WebMercatorQuad: z/x/y with y from the north, as ST_TileEnvelope).</summary>
public sealed record TileAddress(int Z, int X, int Y)
{
    public const int MaxZoom = 22;
    /// <summary>Web Mercator stops here: the square world's north and south edges.</summary>
    public const double MaxLatitude = 85.0511287798066;

    /// <summary>Null and a reason when z/x/y is not a tile: z 0–22, x and y 0 to 2^z − 1.</summary>
    public static TileAddress? Create(int z, int x, int y, out string? error)
    {
        error = null;
        if (z is < 0 or > MaxZoom) error = $"z must be 0 to {MaxZoom}; got {z}.";
        else if (x < 0 || x >= 1 << z) error = $"x must be 0 to {(1 << z) - 1} at zoom {z}; got {x}.";
        else if (y < 0 || y >= 1 << z) error = $"y must be 0 to {(1 << z) - 1} at zoom {z}; got {y}.";
        return error is null ? new TileAddress(z, x, y) : null;
    }

    /// <summary>The tile in CRS84 degrees, widened by <paramref name="bufferFraction"/> of its size on each side (the MVT clip buffer).</summary>
    public BoundingBox Bounds(double bufferFraction)
    {
        double n = 1 << Z;
        double Lon(double x) => Math.Clamp(x / n * 360.0 - 180.0, -180, 180);
        double Lat(double y) => Math.Clamp(Math.Atan(Math.Sinh(Math.PI * (1 - 2 * y / n))) * 180.0 / Math.PI, -MaxLatitude, MaxLatitude);
        return new BoundingBox(Lon(X - bufferFraction), Lat(Y + 1 + bufferFraction), Lon(X + 1 + bufferFraction), Lat(Y - bufferFraction));
    }
}
