// Walking skeleton: every zone from the API as a point on the map.
const map = L.map('map').setView([31.2, 121.5], 9);

const response = await fetch('collections/zones/items');
const zones = await response.json();
const layer = L.geoJSON(zones, {
  pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 6 }),
  onEachFeature: (feature, marker) => marker.bindTooltip(feature.properties.name_zh),
}).addTo(map);
if (layer.getLayers().length > 0) map.fitBounds(layer.getBounds());
