using System.Globalization;
using System.Text.Json.Nodes;
using ZoneMap.Api.Features.Landing;
using ZoneMap.Data;
using ZoneMap.Data.Features;
using ZoneMap.Data.Queries;

namespace ZoneMap.Api.Features.Collections;

/// <summary>OGC API – Features: /collections, one collection, its queryables, its items and one item.</summary>
public static class CollectionEndpoints
{
    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/collections").AddEndpointFilter<OgcEndpointFilter>();
        group.MapGet("", Collections);
        group.MapGet("/{collectionId}", Collection);
        group.MapGet("/{collectionId}/queryables", Queryables);
        group.MapGet("/{collectionId}/items", Items);
        group.MapGet("/{collectionId}/items/{featureId}", Item);
        return app;
    }

    private static async Task<IResult> Collections(HttpRequest request, FeatureQueries queries, CancellationToken ct)
    {
        var raw = ItemsQueryParser.Raw(request.Query, QueryParameters.FormatOnly);
        var format = Ogc.Negotiate(request, raw);
        var collections = new JsonArray();
        foreach (var c in FeatureCatalog.All) collections.Add(await DescribeAsync(request, c, queries, ct));
        var document = new JsonObject { ["links"] = Ogc.SelfLinks(request, format, Ogc.Json), ["collections"] = collections };
        return format == OutputFormat.Html ? HtmlPage.Of("Collections", document) : TypedResults.Json(document, contentType: Ogc.Json);
    }

    private static async Task<IResult> Collection(string collectionId, HttpRequest request, FeatureQueries queries, CancellationToken ct)
    {
        var collection = FeatureRequests.Collection(collectionId);
        var format = Ogc.Negotiate(request, ItemsQueryParser.Raw(request.Query, QueryParameters.FormatOnly));
        var document = await DescribeAsync(request, collection, queries, ct);
        return format == OutputFormat.Html ? HtmlPage.Of(collection.Title, document) : TypedResults.Json(document, contentType: Ogc.Json);
    }

    private static async Task<JsonObject> DescribeAsync(HttpRequest request, FeatureCollectionDefinition c, FeatureQueries queries, CancellationToken ct)
    {
        var url = $"{Ogc.BaseUrl(request)}/collections/{c.Id}";
        var extent = await queries.ExtentAsync(c, ct);
        var extentJson = new JsonObject();
        if (extent.Bbox is { } b)
            extentJson["spatial"] = new JsonObject { ["bbox"] = new JsonArray(new JsonArray(b[0], b[1], b[2], b[3])), ["crs"] = ItemsQueryParser.Crs84 };
        if (extent.FromYear is { } from && extent.ToYear is { } to)
            extentJson["temporal"] = new JsonObject
            {
                ["interval"] = new JsonArray(new JsonArray($"{from:0000}-01-01T00:00:00Z", $"{to:0000}-12-31T23:59:59Z")),
                ["trs"] = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
            };
        return new JsonObject
        {
            ["id"] = c.Id,
            ["title"] = c.Title,
            ["description"] = c.Description,
            ["itemType"] = "feature",
            ["crs"] = new JsonArray(ItemsQueryParser.Crs84),
            ["storageCrs"] = ItemsQueryParser.Crs84,
            ["extent"] = extentJson,
            ["links"] = new JsonArray
            {
                Ogc.Link(url + "?f=json", "self", Ogc.Json, "this collection"),
                Ogc.Link(url + "?f=html", "alternate", Ogc.Html, "this collection as HTML"),
                Ogc.Link(url + "/items?f=json", "items", Ogc.GeoJson, $"{c.Title} as GeoJSON"),
                Ogc.Link(url + "/items?f=html", "items", Ogc.Html, $"{c.Title} as HTML"),
                Ogc.Link(url + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", Ogc.JsonSchema, "queryables"),
                Ogc.Link(url + "/queryables", "queryables", Ogc.JsonSchema, "queryables"),
                Ogc.TemplatedLink(url + "/tiles/{z}/{x}/{y}", "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector", Tiles.TileEndpoints.MediaType,
                    "Mapbox Vector Tiles (WebMercatorQuad, z 0-22), with the items filters"),
            },
        };
    }

    private static async Task<IResult> Queryables(string collectionId, HttpRequest request, FeatureQueries queries, CancellationToken ct)
    {
        var collection = FeatureRequests.Collection(collectionId);
        var format = Ogc.Negotiate(request, ItemsQueryParser.Raw(request.Query, QueryParameters.FormatOnly));
        var vocabulary = await queries.VocabularyAsync(ct, OgcEndpointFilter.DataVersion(request.HttpContext));
        // The values the kind= and region= filters know (over all collections, as those filters accept them), so a
        // client can offer them without scanning the data.
        var known = new Dictionary<string, IReadOnlySet<string>> { ["kind"] = vocabulary.Kinds, ["region"] = vocabulary.Regions };
        var properties = new JsonObject();
        foreach (var p in collection.Properties.Where(p => p.Queryable))
        {
            var schema = new JsonObject { ["title"] = p.Title, ["type"] = p.Type switch { PropertyType.Integer => "integer", PropertyType.Boolean => "boolean", _ => "string" } };
            if (known.TryGetValue(p.Name, out var values))
                schema["enum"] = new JsonArray(values.Order(StringComparer.Ordinal).Select(v => (JsonNode)v).ToArray());
            properties[p.Name] = schema;
        }
        properties["geometry"] = new JsonObject
        {
            ["title"] = "Geometry",
            ["format"] = collection.GeometryType == "Point" ? "geometry-point" : collection.GeometryType == "MultiPolygon" ? "geometry-multipolygon" : "geometry-any",
        };
        var document = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"{Ogc.BaseUrl(request)}/collections/{collection.Id}/queryables",
            ["type"] = "object",
            ["title"] = collection.Title,
            ["description"] = "Properties usable in filter= (CQL2 text).",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        return format == OutputFormat.Html ? HtmlPage.Of(collection.Title + " queryables", document) : TypedResults.Json(document, contentType: Ogc.JsonSchema);
    }

    private static async Task<IResult> Items(string collectionId, HttpRequest request, FeatureRequests requests, FeatureQueries queries, CancellationToken ct)
    {
        var collection = FeatureRequests.Collection(collectionId);
        var raw = ItemsQueryParser.Raw(request.Query, QueryParameters.Items);
        var format = Ogc.Negotiate(request, raw);
        var query = await requests.ParseAsync(collection, raw, ct, OgcEndpointFilter.DataVersion(request.HttpContext));
        var sql = new FeatureSql(collection, query);
        var page = await queries.PageAsync(sql, query.Limit, query.Offset, ct);
        var matched = page.Matched;

        var links = new JsonArray
        {
            Ogc.Link(Ogc.WithQuery(request, raw, new Dictionary<string, string?> { ["f"] = "json" }), format == OutputFormat.Json ? "self" : "alternate", Ogc.GeoJson, "this page as GeoJSON"),
            Ogc.Link(Ogc.WithQuery(request, raw, new Dictionary<string, string?> { ["f"] = "html" }), format == OutputFormat.Html ? "self" : "alternate", Ogc.Html, "this page as HTML"),
            Ogc.Link($"{Ogc.BaseUrl(request)}/collections/{collection.Id}", "collection", Ogc.Json, collection.Title),
        };
        var pageType = format == OutputFormat.Html ? Ogc.Html : Ogc.GeoJson;
        string Page(int offset) => Ogc.WithQuery(request, raw, new Dictionary<string, string?>
        {
            ["offset"] = offset.ToString(CultureInfo.InvariantCulture),
            ["limit"] = query.Limit.ToString(CultureInfo.InvariantCulture),
        });
        if ((long)query.Offset + query.Limit < matched) links.Add(Ogc.Link(Page(query.Offset + query.Limit), "next", pageType, "next page"));
        if (query.Offset > 0) links.Add(Ogc.Link(Page(Math.Max(0, query.Offset - query.Limit)), "prev", pageType, "previous page"));

        if (format == OutputFormat.Html)
        {
            var features = page.Features.Select(f => JsonNode.Parse(f)!.AsObject()).ToList();
            var document = new JsonObject
            {
                ["description"] = $"{matched} features match; showing {features.Count} from {query.Offset + 1}.",
                ["links"] = links,
            };
            return HtmlPage.Of(collection.Title, document, features);
        }
        return new FeatureCollectionResult(page.Features.ToAsyncEnumerable(), matched, links);
    }

    private static async Task<IResult> Item(string collectionId, string featureId, HttpRequest request, FeatureRequests requests, FeatureQueries queries, CancellationToken ct)
    {
        var collection = FeatureRequests.Collection(collectionId);
        var raw = ItemsQueryParser.Raw(request.Query, QueryParameters.Item);
        var format = Ogc.Negotiate(request, raw);
        string id;
        try { id = ItemsQueryParser.Clean(featureId, "featureId", 200); }
        catch (QueryException) { throw new NotFoundException($"There is no feature with that id in {collection.Id}."); }
        var query = await requests.ParseAsync(collection, raw, ct, OgcEndpointFilter.DataVersion(request.HttpContext));
        var json = await queries.FeatureAsync(new FeatureSql(collection, query), id, ct)
            ?? throw new NotFoundException($"There is no feature '{(id.Length > 40 ? id[..40] + "…" : id)}' in {collection.Id}.");
        var feature = JsonNode.Parse(json)!.AsObject();
        var url = $"{Ogc.BaseUrl(request)}/collections/{collection.Id}";
        var links = new JsonArray
        {
            Ogc.Link($"{url}/items/{Uri.EscapeDataString(id)}?f=json", format == OutputFormat.Json ? "self" : "alternate", Ogc.GeoJson, "this feature as GeoJSON"),
            Ogc.Link($"{url}/items/{Uri.EscapeDataString(id)}?f=html", format == OutputFormat.Html ? "self" : "alternate", Ogc.Html, "this feature as HTML"),
            Ogc.Link(url, "collection", Ogc.Json, collection.Title),
        };
        if (format == OutputFormat.Html)
            return HtmlPage.Of($"{collection.Title}: {id}", new JsonObject { ["links"] = links }, [feature]);
        feature["links"] = links;
        // Chinese names stay readable (UTF-8) rather than \u-escaped.
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return TypedResults.Text(feature.ToJsonString(options), Ogc.GeoJson, System.Text.Encoding.UTF8);
    }
}
