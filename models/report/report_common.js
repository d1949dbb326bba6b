// Helpers the report pages use (run, sweep and calibration reports); each
// page gets this inlined, so money reads the same everywhere, and as the
// command line's summary writes it: £3.20bn, £2.31m, -£450k, £6,000.
function money(v) {
  if (v === null || v === undefined || !isFinite(v)) return 'n/a';
  const a = Math.abs(v), s = v < 0 ? '-' : '';
  if (a >= 1e9) return s + '£' + (a / 1e9).toFixed(2) + 'bn';
  if (a >= 1e6) return s + '£' + (a / 1e6).toFixed(2) + 'm';
  if (a >= 1e4) return s + '£' + (a / 1e3).toFixed(0) + 'k';
  return s + '£' + Math.round(a).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
Chart.defaults.animation = false;  // drawn at once: screenshots and PNG export catch it whole
Chart.defaults.font.family = '"Helvetica Neue", Arial, sans-serif';
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in (attrs || {})) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}
// A titled section at the end of the page's main column (class `cls`, if given).
function add_section(title, note, cls) {
  const s = el('section', cls ? {class: cls} : {});
  s.appendChild(el('h2', {}, title));
  if (note) s.appendChild(el('p', {class: 'note'}, note));
  document.getElementById('main').appendChild(s);
  return s;
}
// A Chart.js chart in its own box (`height` in pixels, else the page's default).
function add_chart(parent, config, height) {
  const wrap = el('div', {class: 'chart'});
  if (height) wrap.style.height = height + 'px';
  const canvas = el('canvas', {role: 'img', 'aria-label': config.options.plugins.title.text});
  wrap.appendChild(canvas);
  parent.appendChild(wrap);
  config.options.maintainAspectRatio = false;
  new Chart(canvas, config);
}
