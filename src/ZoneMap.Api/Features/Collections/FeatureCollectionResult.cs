using System.Text;
using System.Text.Json.Nodes;

namespace ZoneMap.Api.Features.Collections;

/// <summary>Streams a GeoJSON FeatureCollection: the header, then each feature as PostgreSQL builds it.</summary>
public sealed class FeatureCollectionResult(IAsyncEnumerable<string> features, long? matched, JsonArray? links, string? contentDisposition = null) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = Ogc.GeoJson;
        if (contentDisposition is not null) http.Response.Headers.ContentDisposition = contentDisposition;
        await WriteAsync(http.Response.Body, http.RequestAborted);
    }

    public async Task WriteAsync(Stream output, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync("{\"type\":\"FeatureCollection\"");
        if (matched is not null) await writer.WriteAsync($",\"numberMatched\":{matched}");
        // No timeStamp (optional in OGC API – Features): the same data must give the same bytes on every instance.
        if (links is not null) await writer.WriteAsync(",\"links\":" + links.ToJsonString());
        await writer.WriteAsync(",\"features\":[");
        var returned = 0;
        await foreach (var feature in features.WithCancellation(ct))
        {
            if (returned++ > 0) await writer.WriteAsync(',');
            await writer.WriteAsync(feature);
        }
        await writer.WriteAsync($"],\"numberReturned\":{returned}}}");
        await writer.FlushAsync(ct);
    }
}
