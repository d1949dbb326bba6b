// Helpers both report pages use (the run report and the sweep report); each
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
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in (attrs || {})) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  return e;
}
