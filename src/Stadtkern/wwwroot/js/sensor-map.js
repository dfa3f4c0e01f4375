// Draws the sensor sites on a Leaflet map; each popup lists the latest value of every data stream (the list below the map holds
// the same values for keyboard and screen-reader users). Everything is written as text nodes, never as HTML.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("sensorkarte");
  const data = document.getElementById("sensor-daten");
  if (!element || !data || typeof L === "undefined") {
    return;
  }

  const sites = JSON.parse(data.textContent);
  const map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
  }).addTo(map);

  const markers = [];
  for (const site of sites) {
    const marker = L.marker([site.lat, site.lon], { title: site.name, alt: site.name });
    marker.bindPopup(() => {
      const box = document.createElement("div");
      const title = document.createElement("strong");
      title.textContent = site.name;
      box.appendChild(title);
      const list = document.createElement("ul");
      list.className = "sensor-popup";
      for (const stream of site.datastreams) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = stream.url;
        link.textContent = stream.name;
        item.appendChild(link);
        item.appendChild(document.createTextNode(": " + stream.value + (stream.time ? " (" + stream.time + ")" : "")));
        list.appendChild(item);
      }
      box.appendChild(list);
      return box;
    });
    marker.addTo(map);
    markers.push(marker);
  }

  if (markers.length > 0) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { maxZoom: 16, padding: [24, 24] });
  } else {
    map.setView([51.16, 10.45], 5);
  }
});
