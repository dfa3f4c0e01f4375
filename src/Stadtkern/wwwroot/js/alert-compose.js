// Drawing the area of an alert on the compose form: clicks add polygon corners (the ring is closed automatically) or set a
// circle's centre. Everything drawn is written into the text fields, which stay the source of truth and can be edited by hand.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("zeichenkarte");
  const polygonField = document.getElementById("Form_Polygon");
  const circleField = document.getElementById("Form_Circle");
  if (!element || !polygonField || !circleField || typeof L === "undefined") {
    return;
  }

  const mode = () => (document.querySelector("input[name='Form.AreaMode']:checked") || {}).value || "city";
  const map = L.map(element, { scrollWheelZoom: false }).setView([51.16, 10.45], 6);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
  }).addTo(map);
  const shapes = L.layerGroup().addTo(map);
  const round = (n) => Math.round(n * 1e5) / 1e5;

  const parsePolygon = () =>
    polygonField.value.trim().split(/\s+/).filter(Boolean).map((p) => p.split(",").map(Number)).filter((p) => p.length === 2 && !p.some(isNaN));

  const draw = () => {
    shapes.clearLayers();
    if (mode() === "polygon") {
      const points = parsePolygon();
      if (points.length > 0) {
        const layer = L.polygon(points, { color: "#b00020" }).addTo(shapes);
        map.fitBounds(layer.getBounds(), { maxZoom: 15 });
      }
    } else if (mode() === "circle") {
      const [centre, radius] = circleField.value.trim().split(/\s+/);
      const point = (centre || "").split(",").map(Number);
      if (point.length === 2 && !point.some(isNaN)) {
        const layer = L.circle(point, { radius: (Number(radius) || 1) * 1000, color: "#b00020" }).addTo(shapes);
        map.fitBounds(layer.getBounds(), { maxZoom: 15 });
      }
    }
  };

  map.on("click", (event) => {
    const lat = round(event.latlng.lat);
    const lon = round(event.latlng.lng);
    if (mode() === "polygon") {
      const points = parsePolygon();
      if (points.length >= 4) {
        points.pop(); // reopen the ring before adding a corner
      }
      points.push([lat, lon]);
      if (points.length >= 3) {
        points.push(points[0]);
      }
      polygonField.value = points.map((p) => p[0] + "," + p[1]).join(" ");
    } else if (mode() === "circle") {
      const radius = circleField.value.trim().split(/\s+/)[1] || "1";
      circleField.value = lat + "," + lon + " " + radius;
    }
    draw();
  });

  polygonField.addEventListener("change", draw);
  circleField.addEventListener("change", draw);
  document.querySelectorAll("[data-area-mode]").forEach((radio) => radio.addEventListener("change", draw));
  draw();
});
