import { chromium } from 'playwright-core';
const [url, out, w, h, ...selectors] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: +w, height: +h }, deviceScaleFactor: 1 });
await page.goto(url);
await page.waitForTimeout(300);
let i = 0;
for (const s of selectors) {
  await page.locator(s).first().screenshot({ path: out.replace('.png', `-${i++}.png`) });
}
await browser.close();
