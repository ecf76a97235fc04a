using System.Text.Json.Nodes;
using ZoneMap.Api.Features.Collections;

namespace ZoneMap.Api.Features.Landing;

/// <summary>The OGC API landing page, conformance declaration and the OpenAPI document.</summary>
public static class LandingEndpoints
{
    /// <summary>Exactly the conformance classes implemented (see the parser and FeatureSql for what each covers).</summary>
    public static readonly string[] ConformsTo =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
        "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    ];

    public static IEndpointRouteBuilder MapLanding(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").AddEndpointFilter<OgcEndpointFilter>();
        group.MapGet("/", Landing);
        group.MapGet("/conformance", Conformance);
        group.MapGet("/api", (HttpRequest request) =>
        {
            var raw = ItemsQueryParser.Raw(request.Query, QueryParameters.FormatOnly);
            Ogc.Negotiate(request, raw, htmlAvailable: false);
            return TypedResults.Text(OpenApiDocument.Build(Ogc.BaseUrl(request)).ToJsonString(), Ogc.OpenApi, System.Text.Encoding.UTF8);
        });
        return app;
    }

    private static IResult Landing(HttpRequest request, IConfiguration configuration, IWebHostEnvironment environment)
    {
        // A browser asking for / gets the web map, whose own state (sector, period, zone...) lives in the query string;
        // the HTML landing page stays at /?f=html, JSON clients get JSON.
        if (!request.Query.ContainsKey("f") && Ogc.Negotiate(request, new Dictionary<string, string>()) == OutputFormat.Html)
            return TypedResults.PhysicalFile(Path.Combine(Map.WebRoot.Locate(configuration["ZONEMAP_WEB"], environment.ContentRootPath), "index.html"), "text/html; charset=utf-8");
        var raw = ItemsQueryParser.Raw(request.Query, QueryParameters.FormatOnly);
        var format = Ogc.Negotiate(request, raw);
        var root = Ogc.BaseUrl(request);
        var links = Ogc.SelfLinks(request, format, Ogc.Json);
        links.Add(Ogc.Link(root + "/api", "service-desc", Ogc.OpenApi, "the API definition (OpenAPI 3.0)"));
        links.Add(Ogc.Link(root + "/conformance", "conformance", Ogc.Json, "conformance classes implemented"));
        links.Add(Ogc.Link(root + "/conformance", "http://www.opengis.net/def/rel/ogc/1.0/conformance", Ogc.Json, "conformance classes implemented"));
        links.Add(Ogc.Link(root + "/collections", "data", Ogc.Json, "feature collections"));
        links.Add(Ogc.Link(root + "/collections", "http://www.opengis.net/def/rel/ogc/1.0/data", Ogc.Json, "feature collections"));
        links.Add(Ogc.Link(root + "/export?format=gpkg&collection=zones", "enclosure", "application/geopackage+sqlite3", "all zones as a GeoPackage"));
        links.Add(Ogc.Link(root + "/documents", "related", Ogc.Json, "the plan documents"));
        links.Add(Ogc.Link(root + "/sectors", "related", Ogc.Json, "the sector taxonomy"));
        var document = new JsonObject
        {
            ["title"] = "ZoneMap",
            ["description"] = "Industrial zones named in Chinese industrial-policy plans, with the sentences they come from.",
            ["links"] = links,
        };
        return format == OutputFormat.Html ? HtmlPage.Of("ZoneMap", document) : TypedResults.Json(document, contentType: Ogc.Json);
    }

    private static IResult Conformance(HttpRequest request)
    {
        var format = Ogc.Negotiate(request, ItemsQueryParser.Raw(request.Query, QueryParameters.FormatOnly));
        var document = new JsonObject
        {
            ["links"] = Ogc.SelfLinks(request, format, Ogc.Json),
            ["conformsTo"] = new JsonArray(ConformsTo.Select(c => (JsonNode)c).ToArray()),
        };
        return format == OutputFormat.Html ? HtmlPage.Of("Conformance", document) : TypedResults.Json(document, contentType: Ogc.Json);
    }
}
