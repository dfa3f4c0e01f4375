// Shows an alert's area (GeoJSON from the page) on a Leaflet map. The area is also named in text above the map.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("warnkarte");
  const data = document.getElementById("warnung-geometrie");
  if (!element || !data || typeof L === "undefined") {
    return;
  }

  const map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
  }).addTo(map);
  const layer = L.geoJSON(JSON.parse(data.textContent), {
    style: { color: "#b00020", weight: 2, fillOpacity: 0.2 },
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [16, 16] });
});
