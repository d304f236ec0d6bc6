'use strict';
/* Small line charts of a zone's last minute: frames, bytes and rejections by reason per second. */
(function () {
  const Dashboard = (window.Dashboard = window.Dashboard || {});
  const css = getComputedStyle(document.documentElement);
  const colour = (name) => css.getPropertyValue(name).trim();
  const REASON_COLOURS = ['#e57373', '#ffd54f', '#ba68c8', '#4db6ac', '#f06292', '#aed581', '#90a4ae', '#ff8a65'];
  const SLOTS = 60;

  function formatCount(n) {
    if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
    // Small axes (a max of 1 rejection/s) need the half step to read as 0.5, not 1.
    return Number.isInteger(n) ? String(n) : n < 10 ? n.toFixed(1) : String(Math.round(n));
  }

  function formatBytes(n) {
    if (n >= 1048576) return `${(n / 1048576).toFixed(1)}M`;
    if (n >= 1024) return `${(n / 1024).toFixed(1)}k`;
    return String(Math.round(n));
  }

  /** Newest sample at the right edge; fewer than 60 samples leave the left part empty. */
  function lineChart(canvas, series, format) {
    const ctx = canvas.getContext('2d');
    const { width, height } = canvas;
    const pad = { left: 44, right: 6, top: 8, bottom: 14 };
    ctx.clearRect(0, 0, width, height);
    const max = Math.max(1, ...series.flatMap((s) => s.values));
    ctx.strokeStyle = '#2a3340';
    ctx.fillStyle = colour('--muted');
    ctx.font = '10px system-ui, sans-serif';
    ctx.beginPath();
    for (const fraction of [0, 0.5, 1]) {
      const y = pad.top + (1 - fraction) * (height - pad.top - pad.bottom);
      ctx.moveTo(pad.left, y); ctx.lineTo(width - pad.right, y);
      ctx.fillText(format(max * fraction), 2, y + 3);
    }
    ctx.stroke();
    ctx.fillText('−60 s', pad.left, height - 2);
    ctx.fillText('now', width - pad.right - 20, height - 2);
    const x = (i, n) => pad.left + ((SLOTS - n + i) / (SLOTS - 1)) * (width - pad.left - pad.right);
    const y = (v) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
    for (const s of series) {
      ctx.strokeStyle = s.colour;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      s.values.forEach((v, i) => (i ? ctx.lineTo(x(i, s.values.length), y(v)) : ctx.moveTo(x(i, s.values.length), y(v))));
      ctx.stroke();
    }
  }

  Dashboard.drawTraffic = function drawTraffic(samples) {
    const $ = (id) => document.getElementById(id);
    lineChart($('chart-frames'), [
      { colour: colour('--c1'), values: samples.map((s) => s.frames_in) },
      { colour: colour('--c2'), values: samples.map((s) => s.relayed_out) },
    ], formatCount);
    lineChart($('chart-bytes'), [
      { colour: colour('--c1'), values: samples.map((s) => s.bytes_in) },
      { colour: colour('--c2'), values: samples.map((s) => s.relayed_bytes_out) },
    ], formatBytes);
    const reasons = [...new Set(samples.flatMap((s) => Object.keys(s.rejected)))].sort();
    const legend = $('reject-legend');
    legend.replaceChildren();
    const series = reasons.map((reason, i) => {
      const swatch = document.createElement('i');
      swatch.style.background = REASON_COLOURS[i % REASON_COLOURS.length];
      legend.append(swatch, document.createTextNode(reason));
      return { colour: REASON_COLOURS[i % REASON_COLOURS.length], values: samples.map((s) => s.rejected[reason] || 0) };
    });
    if (!reasons.length) legend.textContent = 'none yet';
    lineChart($('chart-rejects'), series, formatCount);
  };
})();
