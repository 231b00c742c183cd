// Fills needlecheck's FHIR Questionnaire in LHC-Forms, in headless Chromium, as a person
// would (clicking the answer they read, typing numbers), and exports the
// QuestionnaireResponse with LHC-Forms' own API. Used by tests/test_lhc_forms.py.
//
//   node fill_form.mjs PLAN.json RESULT.json [SCREENSHOT.png]
//
// PLAN.json: {"questionnaire": {...}, "warnings": [linkId, ...],
//             "steps": [{"linkId": "age", "type": "typed", "value": 45},
//                       {"linkId": "bladder_change", "type": "choice", "labels": ["Yes"]}, ...]}
// RESULT.json: {"response": {...}, "outside": [urls], "shown": [linkIds],
//               "warnings": [[visible warning linkIds after each step]], "warningText": {...}}
//
// Every file comes from this folder (the page and node_modules/lforms) through the
// browser's request routing: no server, and any request for another address is refused
// and listed in "outside", which the test requires to be empty.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const ORIGIN = 'http://localhost:8719';
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.png': 'image/png' };
// No connection of Chromium's own (updates, sync, safe browsing, field trials, QUIC).
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-default-apps', '--disable-extensions', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection', '--disable-features=Translate,OptimizationHints,MediaRouter',
  '--metrics-recording-only', '--no-default-browser-check', '--no-pings',
];

const [planPath, resultPath, screenshotPath] = process.argv.slice(2);
const plan = JSON.parse(await readFile(planPath, 'utf8'));

function localFile(pathname) {
  if (pathname === '/form.html') return path.join(here, 'form.html');
  if (pathname.startsWith('/lforms/')) {
    const inside = path.normalize(pathname.slice('/lforms/'.length));
    if (!inside.startsWith('..')) return path.join(here, 'node_modules/lforms/dist/lforms', inside);
  }
  return null;
}

const browser = await chromium.launch({
  executablePath: process.env.NEEDLECHECK_CHROMIUM || '/usr/bin/chromium',
  args: FLAGS,
});
const outside = [];
try {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const file = url.origin === ORIGIN ? localFile(url.pathname) : null;
    if (url.origin !== ORIGIN) {
      outside.push(url.href);
      await route.abort('blockedbyclient');
    } else if (file === null) {
      await route.fulfill({ status: 404, body: '' });
    } else {
      const type = TYPES[path.extname(file)] || 'application/octet-stream';
      await route.fulfill({ body: await readFile(file), contentType: type });
    }
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${ORIGIN}/form.html`);
  await page.waitForFunction(() => window.LForms?.Util?.addFormToPage && window.LForms.Util.getFormFHIRData);
  await page.evaluate((q) => LForms.Util.addFormToPage(q, 'form', { fhirVersion: 'R4' }), plan.questionnaire);
  await page.locator('lhc-item').first().waitFor();

  const item = (linkId) => page.locator(`lhc-item[id^="item-${linkId}/"]`).first();
  const visibleWarnings = async () => {
    const shown = [];
    for (const linkId of plan.warnings) {
      if (await item(linkId).isVisible()) shown.push(linkId);
    }
    return shown;
  };
  const warnings = [await visibleWarnings()];
  for (const step of plan.steps) {
    const question = item(step.linkId);
    await question.scrollIntoViewIfNeeded();
    if (step.type === 'typed') {
      const box = question.locator('input, textarea').first();
      await box.click();
      await page.keyboard.type(String(step.value));
      await page.keyboard.press('Tab');
    } else {
      for (const label of step.labels) {
        // A radio button is named by its words; LHC-Forms names a check box
        // "Checkbox <words> for <question>", so a person's target is its words.
        const answer = step.type === 'multi'
          ? question.locator('label.ant-checkbox-wrapper').getByText(label, { exact: true })
          : question.getByRole('radio', { name: label, exact: true });
        await answer.click();
      }
    }
    warnings.push(await visibleWarnings());
  }
  const warningText = {};
  for (const linkId of warnings.at(-1)) warningText[linkId] = await item(linkId).innerText();
  const shown = await page.evaluate(() =>
    [...document.querySelectorAll('lhc-item.lhc-item-question')].map((el) => el.id.slice('item-'.length).split('/')[0]),
  );
  if (screenshotPath) await page.screenshot({ path: screenshotPath, fullPage: true });
  const response = await page.evaluate(() =>
    LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form')),
  );
  await writeFile(resultPath, JSON.stringify({ response, outside, shown, warnings, warningText, errors }, null, 2));
} finally {
  await browser.close();
}
