// Renders a Business Charts (volkovlabs-echarts-panel) getOption script the way the panel does: the script
// body gets `context` (context.panel.data with Grafana data frames, context.echarts, context.grafana) and
// returns an ECharts option, which is set on a chart made with the ECharts and echarts-gl the panel bundles.
// Runs in Debian's headless Chromium (never a browser downloaded by Playwright).
//
//   node render-echarts-panel.mjs INPUT.json OUTPUT.png
//
// INPUT.json: { "code": "<getOption body>", "series": [<data frames>], "width": 1200, "height": 700 }
// Prints one JSON line: errors thrown or logged by the page, what the option held, and pixel statistics of
// the screenshot (so a blank or black canvas fails the caller's assertions).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

const [inputPath, outputPath] = process.argv.slice(2);
if (!inputPath || !outputPath) {
  console.error('usage: node render-echarts-panel.mjs INPUT.json OUTPUT.png');
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const input = JSON.parse(readFileSync(inputPath, 'utf8'));
const width = input.width ?? 1200;
const height = input.height ?? 700;
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const browser = await chromium.launch({
  executablePath,
  // WebGL for echarts-gl comes from SwiftShader (software), which newer Chromium enables only when asked.
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking'],
});
const report = { pageErrors: [], consoleErrors: [] };
try {
  const page = await browser.newPage({ viewport: { width, height } });
  page.on('pageerror', (error) => report.pageErrors.push(String(error && error.stack ? error.stack : error)));
  page.on('console', (message) => {
    if (message.type() === 'error') report.consoleErrors.push(message.text());
  });
  // Grafana's dark theme panel background.
  await page.setContent(`<!doctype html><html><body style="margin:0;background:#181b1f">
    <div id="panel" style="width:${width}px;height:${height}px"></div></body></html>`);
  await page.addScriptTag({ path: join(here, 'node_modules/echarts/dist/echarts.min.js') });
  await page.addScriptTag({ path: join(here, 'node_modules/echarts-gl/dist/echarts-gl.min.js') });

  const rendered = await page.evaluate(async ({ code, series }) => {
    const chart = echarts.init(document.getElementById('panel'), 'dark', { renderer: 'canvas' });
    const context = {
      echarts,
      panel: { data: { series, state: 'Done' }, chart },
      grafana: { theme: { isDark: true }, replaceVariables: (s) => s, notifyError: (e) => console.error(String(e)), notifySuccess: () => {} },
      editor: {},
    };
    const result = new Function('context', code)(context);
    // The extended result (Business Charts 5+): { version: 2, config, option }.
    const option = result && result.version === 2 ? result.option : result;
    let finished = false;
    chart.on('finished', () => { finished = true; });
    chart.setOption(option, { notMerge: true });
    // echarts-gl draws on later animation frames; give it a few.
    for (let i = 0; i < 60 && !finished; i++) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => setTimeout(r, 500));
    const seriesOut = (option.series || []).map((s) => ({
      type: s.type,
      name: s.name,
      points: (s.data || []).length,
      max: Math.max(...(s.data || []).map((d) => (Array.isArray(d) ? d[d.length - 1] : d && d.value !== undefined ? d.value : d))),
    }));
    return {
      finished,
      canvases: document.querySelectorAll('#panel canvas').length,
      hasGrid3D: !!option.grid3D,
      xAxis3D: option.xAxis3D ? { name: option.xAxis3D.name, data: option.xAxis3D.data } : null,
      yAxis3D: option.yAxis3D ? { name: option.yAxis3D.name, data: option.yAxis3D.data } : null,
      zAxis3D: option.zAxis3D ? { name: option.zAxis3D.name } : null,
      series: seriesOut,
    };
  }, { code: input.code, series: input.series });
  Object.assign(report, rendered);

  await page.screenshot({ path: outputPath });

  // Pixel statistics of the screenshot: share of pixels that differ from the background, and how many
  // distinct colours (quantised) appear, measured by drawing the PNG on a 2D canvas.
  const png = readFileSync(outputPath).toString('base64');
  report.pixels = await page.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const g = canvas.getContext('2d');
    g.drawImage(image, 0, 0);
    const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
    const background = [0x18, 0x1b, 0x1f];
    let changed = 0;
    const colours = new Set();
    for (let i = 0; i < px.length; i += 4) {
      const d = Math.abs(px[i] - background[0]) + Math.abs(px[i + 1] - background[1]) + Math.abs(px[i + 2] - background[2]);
      if (d > 24) changed++;
      colours.add(((px[i] >> 4) << 8) | ((px[i + 1] >> 4) << 4) | (px[i + 2] >> 4));
    }
    return { width: canvas.width, height: canvas.height, nonBackgroundRatio: changed / (px.length / 4), distinctColours: colours.size };
  }, png);
} catch (error) {
  report.pageErrors.push(String(error && error.stack ? error.stack : error));
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
