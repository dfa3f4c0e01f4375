// The report form's map: a tap or click sets the pin, the device location button uses the Geolocation API. Both fill the hidden
// lat/lon fields; without JavaScript the address field is enough.
document.addEventListener("DOMContentLoaded", () => {
  // With htmx the category's questions follow the select (hx-get); the button is the way without JavaScript.
  const loadQuestions = document.getElementById("angaben-laden");
  if (loadQuestions && typeof htmx !== "undefined") {
    loadQuestions.hidden = true;
  }

  const element = document.getElementById("meldeort-karte");
  const lat = document.getElementById("breite");
  const lon = document.getElementById("laenge");
  const status = document.getElementById("ort-status");
  const locate = document.getElementById("standort");
  if (!element || typeof L === "undefined") {
    return;
  }

  const map = L.map(element).setView([51.1657, 10.4515], 6);
  L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende',
  }).addTo(map);
  let marker = null;
  const place = (latitude, longitude, zoom) => {
    lat.value = latitude.toFixed(6);
    lon.value = longitude.toFixed(6);
    if (marker) {
      marker.setLatLng([latitude, longitude]);
    } else {
      marker = L.marker([latitude, longitude], { draggable: true, alt: "Ort der Meldung" }).addTo(map);
      marker.on("dragend", () => {
        const p = marker.getLatLng();
        place(p.lat, p.lng);
      });
    }
    if (zoom) {
      map.setView([latitude, longitude], zoom);
    }
    status.textContent = "Ort gesetzt: " + lat.value + ", " + lon.value;
  };
  if (lat.value && lon.value) {
    place(parseFloat(lat.value), parseFloat(lon.value), 17);
  }
  map.on("click", (event) => place(event.latlng.lat, event.latlng.lng));
  if ("geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", () => {
      status.textContent = "Standort wird ermittelt …";
      navigator.geolocation.getCurrentPosition(
        (position) => place(position.coords.latitude, position.coords.longitude, 17),
        () => { status.textContent = "Der Standort ist nicht verfügbar. Bitte tippen Sie auf die Karte oder geben Sie eine Adresse an."; },
        { enableHighAccuracy: true, timeout: 10000 });
    });
  }
});
