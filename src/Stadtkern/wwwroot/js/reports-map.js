// Draws the listed reports on a Leaflet map (the table holds the same reports for keyboard and screen-reader users).
// Overdue reports get a red circle. Everything is written as text nodes, never as HTML.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("meldungskarte");
  const data = document.getElementById("meldungs-daten");
  if (!element || !data || typeof L === "undefined") {
    return;
  }

  const reports = JSON.parse(data.textContent);
  const map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
  }).addTo(map);

  const markers = [];
  for (const report of reports) {
    const marker = L.circleMarker([report.lat, report.lon], {
      radius: 8,
      color: report.overdue ? "#b00020" : "#005a8c",
      fillOpacity: 0.6,
    });
    marker.bindPopup(() => {
      const box = document.createElement("div");
      const link = document.createElement("a");
      link.href = report.url;
      link.textContent = report.title;
      box.appendChild(link);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(report.status + (report.overdue ? ", überfällig" : "")));
      return box;
    });
    marker.addTo(map);
    markers.push(marker);
  }

  if (markers.length > 0) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 17, padding: [24, 24] });
  }
});
