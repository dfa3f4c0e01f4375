// Draws a data stream's series (buckets from /api/sensing/datastreams/{id}/series) with uPlot: the mean as a line, minimum and
// maximum as thin lines. The text above the chart and the table below it carry the same information for screen readers.
document.addEventListener("DOMContentLoaded", () => {
  for (const element of document.querySelectorAll("[data-series-url]")) {
    if (typeof uPlot === "undefined") {
      return;
    }

    fetch(element.dataset.seriesUrl, { headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((series) => {
        const times = [];
        const mins = [];
        const means = [];
        const maxs = [];
        for (const bucket of series.buckets) {
          times.push(Date.parse(bucket.start) / 1000);
          mins.push(bucket.min);
          means.push(bucket.mean);
          maxs.push(bucket.max);
        }

        if (times.length === 0) {
          element.insertAdjacentHTML("beforeend", '<p class="notice">Keine Zahlenwerte in diesem Zeitraum.</p>');
          return;
        }

        const unit = element.dataset.unit || "";
        const format = (u, value) => (value == null ? "–" : value.toLocaleString("de-DE", { maximumFractionDigits: 2 }) + (unit ? " " + unit : ""));
        const options = {
          width: Math.max(element.clientWidth, 280),
          height: 320,
          series: [
            {},
            { label: "Minimum", stroke: "#6b9bc3", width: 1, value: format },
            { label: "Mittelwert", stroke: "#005a8c", width: 2, value: format },
            { label: "Maximum", stroke: "#b0413e", width: 1, value: format },
          ],
          axes: [{}, { values: (u, values) => values.map((v) => v.toLocaleString("de-DE")) }],
        };
        const plot = new uPlot(options, [times, mins, means, maxs], element);
        window.addEventListener("resize", () => plot.setSize({ width: Math.max(element.clientWidth, 280), height: 320 }));
      })
      .catch(() => {
        element.insertAdjacentHTML("beforeend", '<p class="notice">Das Diagramm konnte nicht geladen werden.</p>');
      });
  }
});
