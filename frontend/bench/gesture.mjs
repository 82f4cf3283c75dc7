// The pan/zoom gesture both page benchmarks measure (page.mjs for frame
// times, profile.mjs for where they go): six wheel steps in, a drag
// across, six wheel steps out, at the chart's centre.
export async function panZoomGesture(page) {
  const box = await page.locator('#cy').boundingBox();
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, -120); await page.waitForTimeout(60); }
  await page.mouse.down();
  for (let i = 0; i < 12; i++) { await page.mouse.move(cx + i * 15, cy + i * 6); await page.waitForTimeout(30); }
  await page.mouse.up();
  for (let i = 0; i < 6; i++) { await page.mouse.wheel(0, 120); await page.waitForTimeout(60); }
}
