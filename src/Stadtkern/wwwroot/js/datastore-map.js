// Draws the geometries of a datastore table on a Leaflet map (the table next to it holds the same data).
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-datastore-map]")) {
    if (typeof L === "undefined") {
      return;
    }

    const map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
    }).addTo(map);
    map.setView([51.16, 10.45], 5);
    fetch(element.dataset.datastoreMap, { headers: { Accept: "application/geo+json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((collection) => {
        const layer = L.geoJSON(collection, {
          onEachFeature: (feature, featureLayer) => {
            const text = Object.entries(feature.properties || {})
              .filter(([key]) => key !== "_id")
              .map(([key, value]) => `${key}: ${value ?? ""}`)
              .join("\n");
            featureLayer.bindPopup(() => {
              const pre = document.createElement("pre");
              pre.textContent = text;
              return pre;
            });
          },
        }).addTo(map);
        const bounds = layer.getBounds();
        if (bounds.isValid()) {
          map.fitBounds(bounds, { maxZoom: 16, padding: [16, 16] });
        }
      })
      .catch(() => {
        element.insertAdjacentHTML("beforeend", '<p class="notice">Die Karte konnte nicht geladen werden.</p>');
      });
  }
});
