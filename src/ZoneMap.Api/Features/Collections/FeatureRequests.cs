using System.Security.Cryptography;
using System.Text;
using ZoneMap.Core.Features;
using ZoneMap.Data;
using ZoneMap.Data.Features;

namespace ZoneMap.Api.Features.Collections;

public sealed class NotFoundException(string message) : Exception(message);

/// <summary>From raw parameters to a validated query over a catalog collection: the one path items, exports and the CLI share.</summary>
public sealed class FeatureRequests(FeatureQueries queries)
{
    private static readonly string[] VocabularyParameters = ["sector", "period", "region", "kind"];

    public static FeatureCollectionDefinition Collection(string id) =>
        FeatureCatalog.Find(id) ?? throw new NotFoundException(
            $"There is no collection '{(id.Length > 40 ? id[..40] + "…" : id)}'; collections are: {string.Join(", ", FeatureCatalog.All.Select(c => c.Id))}.");

    /// <param name="dataVersion">the data version the request already read (<see cref="OgcEndpointFilter.DataVersion"/>), if any</param>
    public async Task<FeatureQuery> ParseAsync(FeatureCollectionDefinition collection, IReadOnlyDictionary<string, string> raw, CancellationToken ct, string? dataVersion = null)
    {
        var vocabulary = VocabularyParameters.Any(raw.ContainsKey)
            ? await queries.VocabularyAsync(ct, dataVersion)
            : new FeatureVocabulary(new Dictionary<string, string>(), new HashSet<string>(), new HashSet<string>(), new HashSet<string>(), []);
        return ItemsQueryParser.Parse(collection, raw, vocabulary);
    }
}

/// <summary>
/// Turns the request's exceptions into problem+json (400 for what the user can fix, 404 for what is not there), and
/// answers conditional GETs: a weak ETag from the data version and the exact request, 304 when it still matches.
/// </summary>
public sealed class OgcEndpointFilter(FeatureQueries queries) : IEndpointFilter
{
    private const string DataVersionKey = "zonemap.data-version";

    /// <summary>The data version this request's ETag was computed from: read once per request, reused by its handler.</summary>
    public static string? DataVersion(HttpContext http) => http.Items[DataVersionKey] as string;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            var version = await queries.DataVersionAsync(http.RequestAborted);
            http.Items[DataVersionKey] = version;
            var key = $"{version}|{http.Request.Path}|{http.Request.QueryString}|{http.Request.Headers.Accept}";
            var etag = "W/\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + "\"";
            var headers = http.Response.Headers;
            headers.ETag = etag;
            headers.CacheControl = "public, max-age=60";
            headers.Vary = "Accept";
            if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && (v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"))))
                return TypedResults.StatusCode(StatusCodes.Status304NotModified);
            var result = await next(context);
            if (result is IStatusCodeHttpResult { StatusCode: >= 400 }) Uncache(http);
            return result;
        }
        catch (QueryException e)
        {
            Uncache(http);
            return TypedResults.Problem(title: "Bad request", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (Core.Cql2.CqlException e)
        {
            // Raised while binding the filter to the collection's queryables.
            Uncache(http);
            return TypedResults.Problem(title: "Bad request", detail: "Invalid filter: " + e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (NotFoundException e)
        {
            Uncache(http);
            return TypedResults.Problem(title: "Not found", detail: e.Message, statusCode: StatusCodes.Status404NotFound);
        }
    }

    private static void Uncache(HttpContext http)
    {
        http.Response.Headers.Remove("ETag");
        http.Response.Headers.CacheControl = "no-store";
    }
}
