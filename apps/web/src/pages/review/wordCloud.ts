/*
 * The danmaku word cloud, laid out here rather than by echarts-wordcloud: that plugin registers itself
 * through ECharts 5's extension API and does not run on ECharts 6. The layout is pure (no text
 * measuring, no randomness), so a review looks the same on screen, in the PDF and in tests.
 */

export interface CloudWord {
  word: string;
  count: number;
}

export interface PlacedWord extends CloudWord {
  fontSize: number;
  /** centre of the word, in the cloud's coordinates */
  x: number;
  y: number;
  width: number;
  height: number;
  color: string;
}

export interface CloudLayout {
  width: number;
  height: number;
  words: PlacedWord[];
  /** words that found no free spot (the smallest ones, as the biggest are placed first) */
  dropped: number;
}

export const cloudPalette = ['#1664ff', '#ff7d00', '#14c9c9', '#722ed1', '#f5319d', '#00b42a', '#3491fa', '#d25f00'];

/**
 * Font sizes from the counts on a square-root scale (the area of a word grows with its count); all words
 * the same size when the counts are.
 */
export function fontSizes(counts: readonly number[], min: number, max: number): number[] {
  if (counts.length === 0) return [];
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  if (high === low) return counts.map(() => Math.round((min + max) / 2));
  return counts.map((count) => Math.round(min + (max - min) * Math.sqrt((count - low) / (high - low))));
}

/** CJK and full-width characters are about one em wide; Latin letters and digits about 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) ems += /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(char) ? 1 : 0.6;
  return ems * fontSize;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** Radial distance between turns of the spiral, and the path length between the spots tried on it. */
const TURN_GAP = 8;
const STEP = 5;
const GAP = 3;

/**
 * Places the words, most frequent first, each on the first free spot of an elliptic Archimedean spiral
 * from the centre, so the big words gather in the middle and the small ones fill around them.
 */
export function layoutWordCloud(
  keywords: readonly CloudWord[],
  options: { width: number; height: number; minFont?: number; maxFont?: number; maxWords?: number },
): CloudLayout {
  const { width, height, minFont = 13, maxFont = 44, maxWords = 60 } = options;
  const words = [...keywords]
    .filter((k) => k.word.trim() !== '' && k.count > 0)
    .sort((a, b) => b.count - a.count || a.word.localeCompare(b.word))
    .slice(0, maxWords);
  const sizes = fontSizes(words.map((w) => w.count), minFont, maxFont);
  const placed: PlacedWord[] = [];
  const boxes: Box[] = [];
  const aspect = width / height;
  let dropped = keywords.length - words.length;
  // x is stretched by the aspect ratio, so the box's corners lie at radius height / √2: past it, nothing fits.
  const maxRadius = height / Math.SQRT2;

  words.forEach((word, index) => {
    const fontSize = sizes[index] ?? minFont;
    const w = textWidth(word.word, fontSize);
    const h = fontSize * 1.15;
    for (let angle = 0, radius = 0; radius <= maxRadius; angle += Math.min(0.5, STEP / Math.max(radius, 1)), radius = (TURN_GAP * angle) / (2 * Math.PI)) {
      const x = width / 2 + radius * Math.cos(angle) * aspect;
      const y = height / 2 + radius * Math.sin(angle);
      const box = { left: x - w / 2 - GAP, top: y - h / 2 - GAP, right: x + w / 2 + GAP, bottom: y + h / 2 + GAP };
      if (box.left < 0 || box.top < 0 || box.right > width || box.bottom > height) continue;
      if (boxes.some((other) => overlaps(box, other))) continue;
      boxes.push(box);
      placed.push({ ...word, fontSize, x, y, width: w, height: h, color: cloudPalette[index % cloudPalette.length] ?? '#1664ff' });
      return;
    }
    dropped += 1;
  });
  return { width, height, words: placed, dropped };
}
