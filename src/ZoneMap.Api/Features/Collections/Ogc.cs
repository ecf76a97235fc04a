using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace ZoneMap.Api.Features.Collections;

public enum OutputFormat { Json, Html }

/// <summary>Media types, format negotiation and links shared by every OGC API endpoint.</summary>
public static class Ogc
{
    public const string GeoJson = "application/geo+json";
    public const string Json = "application/json";
    public const string Html = "text/html";
    public const string OpenApi = "application/vnd.oai.openapi+json;version=3.0";
    public const string JsonSchema = "application/schema+json";

    /// <summary>f= wins; otherwise the Accept header (HTML only when the client prefers it, as browsers do).</summary>
    public static OutputFormat Negotiate(HttpRequest request, IReadOnlyDictionary<string, string> raw, bool htmlAvailable = true)
    {
        if (raw.TryGetValue("f", out var f))
        {
            return f.ToLowerInvariant() switch
            {
                "json" or "geojson" => OutputFormat.Json,
                "html" when htmlAvailable => OutputFormat.Html,
                _ => throw new QueryException($"Unknown format f='{(f.Length > 20 ? f[..20] : f)}'; use f=json{(htmlAvailable ? ", f=geojson or f=html" : " or f=geojson")}."),
            };
        }
        if (!htmlAvailable) return OutputFormat.Json;
        var accept = request.Headers.Accept.ToString();
        if (accept.Length == 0 || accept.Length > 2000 || !MediaTypeHeaderValue.TryParseList([accept], out var types)) return OutputFormat.Json;
        foreach (var type in types.OrderByDescending(t => t.Quality ?? 1))
        {
            var media = type.MediaType.Value ?? "";
            if (media is Html or "application/xhtml+xml") return OutputFormat.Html;
            if (media is GeoJson or Json or "*/*" or "application/*") return OutputFormat.Json;
        }
        return OutputFormat.Json;
    }

    public static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    public static JsonObject Link(string href, string rel, string type, string? title = null)
    {
        var link = new JsonObject { ["href"] = href, ["rel"] = rel, ["type"] = type };
        if (title is not null) link["title"] = title;
        return link;
    }

    /// <summary>A URI template link (RFC 6570 variables such as {z}), marked "templated" as OGC API – Tiles does.</summary>
    public static JsonObject TemplatedLink(string href, string rel, string type, string title)
    {
        var link = Link(href, rel, type, title);
        link["templated"] = true;
        return link;
    }

    /// <summary>The self link and its alternates in the other formats; <paramref name="jsonType"/> is the JSON flavour.</summary>
    public static JsonArray SelfLinks(HttpRequest request, OutputFormat current, string jsonType, bool html = true)
    {
        var path = BaseUrl(request) + request.Path;
        var links = new JsonArray
        {
            Link(path + "?f=json", current == OutputFormat.Json ? "self" : "alternate", jsonType, "this document as JSON"),
        };
        if (html) links.Add(Link(path + "?f=html", current == OutputFormat.Html ? "self" : "alternate", Html, "this document as HTML"));
        return links;
    }

    /// <summary>The same request with other query values (null removes one); every filter is kept as given.</summary>
    public static string WithQuery(HttpRequest request, IReadOnlyDictionary<string, string> raw, IReadOnlyDictionary<string, string?> changes)
    {
        var merged = new Dictionary<string, string>(raw);
        foreach (var (k, v) in changes)
        {
            if (v is null) merged.Remove(k);
            else merged[k] = v;
        }
        var query = string.Join("&", merged.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));
        return BaseUrl(request) + request.Path + (query.Length > 0 ? "?" + query : "");
    }
}
