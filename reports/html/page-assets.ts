/** File name of the plotly bundle copied next to index.html (the page loads nothing else). */
export const PLOTLY_FILE = 'plotly.min.js';

/** The page's style sheet. */
export const PAGE_CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 16px 48px; color: #1d1d1f; }
header { border-bottom: 1px solid #ddd; margin-bottom: 12px; }
h1 { font-size: 22px; margin: 16px 0 4px; }
h2 { font-size: 18px; margin: 28px 0 6px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { font-size: 13px; margin: 0 0 4px; }
table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f6; font-weight: 600; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f8fa; padding: 6px 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
.meta { color: #555; margin: 2px 0 8px; }
.verdict { display: inline-block; min-width: 44px; padding: 1px 6px; border-radius: 4px; font-size: 12px; font-weight: 700; text-align: center; color: #fff; }
.v-pass { background: #2e7d32; } .v-fail { background: #c62828; } .v-error { background: #6a1b9a; } .v-not-applicable { background: #757575; }
.case { border-top: 2px solid #eee; margin-top: 24px; }
.failure { border-left: 4px solid #c62828; background: #fff5f5; padding: 4px 12px; margin: 8px 0; }
.failure-message { font-weight: 600; }
.diff { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.chart { min-height: 320px; margin: 8px 0; }
.empty { color: #777; font-style: italic; }
.ok { color: #2e7d32; }
.bad { color: #c62828; }
.best { color: #2e7d32; }
.steps { padding-left: 22px; }
.step-status { color: #777; font-size: 12px; }
.s-failed, .s-undefined, .s-ambiguous { color: #c62828; }
.s-skipped, .s-pending { color: #888; }
.kw { font-weight: 600; }
.raw-frame span { font-size: 12px; color: #555; }
.raw-frame:target pre { outline: 2px solid #f9a825; }
#plotly-missing { display: none; background: #fff3cd; padding: 8px 12px; border: 1px solid #f0c36d; }
`;

/**
 * The page's script: draws the figures listed in the `report-figures` JSON. Charts are drawn as
 * they come near the viewport (a report of many scenarios opens at once); `?draw=all` in the URL
 * draws every chart straight away. <body> carries `data-charts-total`, `data-charts-drawn` (so
 * far) and, if a chart fails, `data-charts-error`.
 */
export const PAGE_SCRIPT = `
(function () {
  'use strict';
  var body = document.body;
  var figures = JSON.parse(document.getElementById('report-figures').textContent);
  body.setAttribute('data-charts-total', String(figures.length));
  body.setAttribute('data-charts-drawn', '0');
  if (typeof window.Plotly === 'undefined') {
    document.getElementById('plotly-missing').style.display = 'block';
    body.setAttribute('data-charts-error', 'plotly.min.js did not load');
    return;
  }
  var config = { displaylogo: false, responsive: true };
  var drawn = 0;
  var chain = Promise.resolve();
  function draw(f) {
    chain = chain.then(function () {
      return window.Plotly.newPlot(f.id, f.data, f.layout, config).then(function () {
        drawn++;
        body.setAttribute('data-charts-drawn', String(drawn));
      });
    }).catch(function (err) {
      body.setAttribute('data-charts-error', String(err));
      console.error('chart ' + f.id + ' failed to draw:', err);
    });
  }
  var all = /[?&]draw=all(&|$)/.test(window.location.search) || typeof IntersectionObserver === 'undefined';
  if (all) {
    figures.forEach(draw);
    return;
  }
  var byId = {};
  figures.forEach(function (f) { byId[f.id] = f; });
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (!e.isIntersecting) return;
      observer.unobserve(e.target);
      draw(byId[e.target.id]);
    });
  }, { rootMargin: '600px 0px' });
  figures.forEach(function (f) { observer.observe(document.getElementById(f.id)); });
})();
`;
