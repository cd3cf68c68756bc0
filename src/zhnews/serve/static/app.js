/* zhnews web UI: charts (events histogram, entity graph) drawn with the locally served ECharts.
   Data comes from <script type="application/json"> blocks the server rendered; nothing is
   fetched from the network. */
(function () {
  "use strict";
  var COLORS = {
    meeting: "#0969da", signing: "#fb8f44", award: "#bf3989", release: "#1a7f37",
    founding: "#8250df", investment: "#d4a72c",
    person: "#d1242f", organization: "#0969da", place: "#1a7f37"
  };
  var TYPE_ZH = { person: "人物", organization: "机构", place: "地点" };

  function readJSON(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function noChart(el) {
    var p = document.createElement("p");
    p.className = "notice";
    p.textContent = "图表库 ECharts 未安装：请运行 make setup（charts need ECharts, installed by make setup）。";
    el.style.height = "auto";
    el.appendChild(p);
  }

  function drawHistogram() {
    var el = document.getElementById("event-chart");
    var data = readJSON("histogram-data");
    if (!el || !data) return;
    if (!window.echarts) { noChart(el); return; }
    var months = data.histogram.map(function (h) { return h.month; });
    var types = Object.keys(data.labels);
    var series = types.map(function (t) {
      return {
        name: data.labels[t] + " " + t, type: "bar", stack: "events", itemStyle: { color: COLORS[t] },
        emphasis: { focus: "series" },
        data: data.histogram.map(function (h) { return h.counts[t] || 0; })
      };
    });
    var chart = echarts.init(el);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 40, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: months },
      yAxis: { type: "value", minInterval: 1, name: "事件数" },
      series: series
    });
    chart.on("click", function (p) {
      var month = months[p.dataIndex];
      if (!month) return;
      var t = types[p.seriesIndex];
      var last = new Date(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0).getDate();
      var url = new URL(window.location.href);
      url.searchParams.set("date_from", month + "-01");
      url.searchParams.set("date_to", month + "-" + String(last).padStart(2, "0"));
      url.searchParams.set("type", t);
      url.searchParams.delete("page");
      window.location.href = url.toString();
    });
    window.addEventListener("resize", function () { chart.resize(); });
    el.dataset.ready = "1";
  }

  function drawGraph() {
    var el = document.getElementById("graph-chart");
    var data = readJSON("graph-data");
    if (!el || !data) return;
    if (!window.echarts) { noChart(el); return; }
    var maxDeg = 1;
    data.nodes.forEach(function (n) { maxDeg = Math.max(maxDeg, n.degree || 1); });
    var categories = ["person", "organization", "place"];
    var nodes = data.nodes.map(function (n) {
      var size = 12 + 26 * Math.sqrt((n.degree || 1) / maxDeg);
      return {
        id: n.id, name: n.name, value: n.degree || 0, symbolSize: n.id === data.center ? size + 10 : size,
        category: Math.max(0, categories.indexOf(n.type)),
        itemStyle: n.id === data.center ? { borderColor: "#000", borderWidth: 3 } : undefined,
        label: { show: (n.degree || 0) >= 2 || data.nodes.length <= 40 || n.id === data.center }
      };
    });
    var LINK = {
      "co-signing": { type: "solid", color: "#fb8f44", zh: "共同签约 co-signing" },
      "co-participation": { type: "dashed", color: "#8c959f", zh: "共同参与 co-participation" },
      "role": { type: "dotted", color: "#8250df", zh: "任职 holds a title" }
    };
    var links = data.links.map(function (l) {
      var style = LINK[l.kind] || LINK["co-participation"];
      return {
        source: l.source, target: l.target, value: l.weight || 1,
        lineStyle: { width: Math.min(6, 1 + (l.weight || 1)), type: style.type, color: style.color },
        kind: l.kind
      };
    });
    var small = data.nodes.length < 15;
    var chart = echarts.init(el);
    chart.setOption({
      animationDurationUpdate: 300,
      tooltip: {
        formatter: function (p) {
          if (p.dataType === "edge") {
            return (LINK[p.data.kind] || LINK["co-participation"]).zh + " × " + p.data.value;
          }
          return echarts.format.encodeHTML(p.data.name) + "<br>" + TYPE_ZH[categories[p.data.category]] + " · 连接 " + p.data.value;
        }
      },
      legend: [{ data: categories.map(function (c) { return TYPE_ZH[c]; }), bottom: 0, left: 0, orient: "vertical" }],
      series: [{
        type: "graph", layout: "force", roam: true, draggable: true, top: 40, bottom: 10,
        categories: categories.map(function (c) { return { name: TYPE_ZH[c], itemStyle: { color: COLORS[c] } }; }),
        data: nodes, links: links,
        label: { position: "right", fontSize: 12 },
        labelLayout: { hideOverlap: true },
        zoom: small ? 1 : 0.8,
        force: small ? { repulsion: 700, edgeLength: [140, 240], gravity: 0.1, layoutAnimation: false }
                     : { repulsion: 300, edgeLength: [60, 170], gravity: 0.15, layoutAnimation: false },
        emphasis: { focus: "adjacency", lineStyle: { width: 4 } }
      }]
    });
    chart.on("click", function (p) {
      if (p.dataType === "node" && p.data && p.data.id) {
        window.location.href = data.entity_url + encodeURIComponent(p.data.id);
      }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    // Expose node positions for tests and keyboard users: after layout, mark the chart ready.
    chart.on("finished", function () { el.dataset.ready = "1"; });
    window.zhnewsGraph = { chart: chart, nodes: nodes };
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawHistogram();
    drawGraph();
  });
})();
