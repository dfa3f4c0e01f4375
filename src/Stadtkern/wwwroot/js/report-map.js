// The public report map: one marker per report; popups are built from text nodes, never from HTML.
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
  const markers = reports.map((report) => {
    const marker = L.marker([report.lat, report.lon], { title: report.title, alt: report.title });
    marker.bindPopup(() => {
      const box = document.createElement("div");
      const title = document.createElement("strong");
      title.textContent = report.title;
      const text = document.createElement("p");
      text.textContent = report.text;
      const link = document.createElement("a");
      link.href = "#meldung-" + report.id;
      link.textContent = "In der Liste zeigen";
      box.append(title, text, link);
      return box;
    });
    return marker.addTo(map);
  });
  map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2), { maxZoom: 16 });
});
