import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { LiveReview, metricIds, type MetricChange, type MetricId, type MetricValues, type MinuteBucket } from '@livedesk/contracts';
import { reviewWorkbook } from './export-xlsx.js';

// 2025-03-01 20:00:00 in Shanghai (UTC+8)
const START = Date.UTC(2025, 2, 1, 12, 0, 0);
const MIN = 60_000;
const END = START + 25 * MIN;

const metrics = Object.fromEntries(metricIds.map((id, i) => [id, i + 1])) as MetricValues;
Object.assign(metrics, {
  uv: 1_200,
  gmvFen: 1_234_567,
  interactionRate: 0.1234,
  avgWatchSeconds: 187.5,
  refundRate: null,
} satisfies Partial<MetricValues>);

const minuteBucket = (i: number): MinuteBucket => ({
  minute: START + i * MIN,
  online: 100 + i,
  enters: 10,
  leaves: 5,
  comments: 7,
  likes: 20,
  shares: 1,
  productClicks: 4,
  cartAdds: 2,
  paidOrders: i,
  gmvFen: i * 9_900,
});

const previousShow = { liveSessionId: 'ls_prev', title: '上一场', startedAt: START - 86_400_000, endedAt: END - 86_400_000 };

const review: LiveReview = {
  show: { liveSessionId: 'ls_1', title: '春季上新', startedAt: START, endedAt: END, anchors: ['小美', '阿强'], timeZone: 'Asia/Shanghai' },
  revision: 2,
  asOf: END + 3_600_000,
  revisions: [
    { revision: 2, asOf: END + 3_600_000, gmvFen: 1_234_567, refundFen: 19_900, paidOrders: 42 },
    { revision: 1, asOf: END, gmvFen: 1_234_567, refundFen: 0, paidOrders: 42 },
  ],
  metrics,
  perMinute: [minuteBucket(0), minuteBucket(1), minuteBucket(2)],
  segments10m: [
    { startAt: START, endAt: START + 10 * MIN, onlineAtStart: 0, enters: 300, leaves: 120, retained: 0, retentionRate: null },
    { startAt: START + 10 * MIN, endAt: START + 20 * MIN, onlineAtStart: 180, enters: 200, leaves: 150, retained: 90, retentionRate: 0.5 },
  ],
  stayTime: {
    viewers: 1_200,
    medianSeconds: 95.5,
    atLeast: [
      { minutes: 1, viewers: 900, share: 0.75 },
      { minutes: 30, viewers: 0, share: 0 },
    ],
  },
  funnel: [
    { metric: 'uv', count: 1_200, conversionFromPrevious: null, conversionFromFirst: 1 },
    { metric: 'buyers', count: 30, conversionFromPrevious: 0.025, conversionFromFirst: 0.025 },
  ],
  products: [
    {
      productId: 'p_1',
      title: '羊毛大衣',
      exposureUv: 800,
      clickUv: 200,
      clicks: 260,
      ctr: 0.25,
      cartUv: 60,
      paidOrders: 30,
      itemsSold: 33,
      gmvFen: 1_000_000,
      gpmFen: 833_333,
      refundFen: 19_900,
      refundRate: 0.0199,
      explanations: [
        { startAt: START + 2 * MIN, endAt: START + 7 * MIN, durationSeconds: 300, gmvFen: 600_000, paidOrders: 18, itemsSold: 20 },
        { startAt: START + 15 * MIN, endAt: END, durationSeconds: 600, gmvFen: 400_000, paidOrders: 12, itemsSold: 13 },
      ],
    },
    {
      productId: 'p_2',
      title: null,
      exposureUv: 0,
      clickUv: 0,
      clicks: 0,
      ctr: null,
      cartUv: 0,
      paidOrders: 0,
      itemsSold: 0,
      gmvFen: 0,
      gpmFen: null,
      refundFen: 0,
      refundRate: null,
      explanations: [],
    },
  ],
  anchors: {
    source: 'shifts',
    anchors: [
      { anchor: '小美', userId: 'u_1', onAirSeconds: 900, gmvFen: 800_000, paidOrders: 25, gmvPerHourFen: 3_200_000, viewers: 700, buyers: 22, conversionRate: 22 / 700 },
      { anchor: '阿强', userId: null, onAirSeconds: 0, gmvFen: 0, paidOrders: 0, gmvPerHourFen: null, viewers: 0, buyers: 0, conversionRate: null },
    ],
  },
  peaks: [
    {
      minute: START + 3 * MIN,
      interactions: 520,
      comments: 120,
      likes: 390,
      shares: 10,
      online: 240,
      gmvFen: 99_900,
      happenings: [{ kind: 'explain', startAt: START + 2 * MIN, endAt: START + 7 * MIN, label: '羊毛大衣', productId: 'p_1' }],
      keywords: ['大衣', '尺码'],
    },
  ],
  danmaku: {
    comments: 500,
    commenters: 180,
    keywords: [
      { word: '大衣', count: 88 },
      { word: '尺码', count: 40 },
    ],
    questions: { count: 64, top: [{ text: '有没有S码', askers: 12, firstAt: START + 4 * MIN + 30_000 }] },
    sentiment: { positive: 210, negative: 35, neutral: 255 },
    perMinute: [
      { minute: START, comments: 10, questions: 2, positive: 4, negative: 1, paidOrders: 0, conversionRate: 0 },
      { minute: START + MIN, comments: 0, questions: 0, positive: 0, negative: 0, paidOrders: 1, conversionRate: 1 / 101 },
    ],
  },
  markers: [],
  comparison: {
    baseline: {
      show: previousShow,
      metrics: Object.fromEntries(metricIds.map((id) => [id, { value: metrics[id], baseline: null, change: null }])) as Record<MetricId, MetricChange>,
    },
    median7: null,
  },
  notes: [{ section: 'products', text: '大衣讲解太长', updatedAt: END + 7_200_000, updatedBy: 'u_1' }],
};
review.comparison.baseline!.metrics.gmvFen = { value: 1_234_567, baseline: 1_000_000, change: 0.234567 };

async function reread(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // exceljs types its input as its own Buffer (an ArrayBuffer)
  await workbook.xlsx.load(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as never);
  return workbook;
}

/** The row whose first cell is `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((row) => {
    if (row.getCell(1).value === label) found = row;
  });
  if (!found) throw new Error(`no row ${label} in ${ws.name}`);
  return found;
}

describe('reviewWorkbook', () => {
  it('the fixture is a valid review', () => {
    expect(() => LiveReview.parse(review)).not.toThrow();
  });

  it('writes every section as a sheet with numbers, yuan, rates and local times', async () => {
    const workbook = await reread(await reviewWorkbook(review, { lang: 'zh-CN', timeZone: 'Asia/Shanghai' }));
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([
      '概览', '分钟趋势', '10分钟分段', '停留时长', '转化漏斗', '商品', '讲解记录', '主播', '互动高峰', '弹幕关键词', '弹幕提问',
      '弹幕分钟趋势', '对比', '数据反馈', '版本',
    ]);
    const sheet = (name: string) => workbook.getWorksheet(name)!;

    const overview = sheet('概览');
    expect(overview.getRow(1).font?.bold).toBe(true);
    expect(overview.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(overview.getColumn(1).width).toBeGreaterThanOrEqual(8);
    const gmv = rowOf(overview, '成交金额').getCell(2);
    expect(gmv.value).toBe(12_345.67);
    expect(gmv.numFmt).toBe('#,##0.00');
    expect(rowOf(overview, '成交金额').getCell(3).value).toBe('元');
    const interactionRate = rowOf(overview, '观看-互动率').getCell(2);
    expect(interactionRate.value).toBe(0.1234);
    expect(interactionRate.numFmt).toBe('0.00%');
    expect(rowOf(overview, '观看人数').getCell(2).value).toBe(1_200);
    expect(rowOf(overview, '人均观看时长').getCell(2).value).toBe(187.5);
    expect(rowOf(overview, '退款率').getCell(2).value).toBeNull();
    expect(rowOf(overview, '弹幕条数').getCell(2).value).toBe(500);
    // the show started at 20:00 in Shanghai: Excel shows that wall clock
    expect(rowOf(overview, '开播时间').getCell(2).value).toEqual(new Date(Date.UTC(2025, 2, 1, 20, 0, 0)));
    expect(rowOf(overview, '开播时间').getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    // every metric of the registry has its row
    expect(overview.rowCount).toBe(1 + 6 + metricIds.length + 6);

    const perMinute = sheet('分钟趋势');
    expect(perMinute.getRow(3).getCell(1).value).toEqual(new Date(Date.UTC(2025, 2, 1, 20, 1)));
    expect(perMinute.getRow(3).getCell(2).value).toBe(101);
    expect(perMinute.getRow(4).getCell(11).value).toBe(198);

    expect(sheet('10分钟分段').getRow(2).getCell(7).value).toBeNull();
    expect(sheet('10分钟分段').getRow(3).getCell(7).value).toBe(0.5);
    expect(rowOf(sheet('停留时长'), '停留时长中位数（秒）').getCell(2).value).toBe(95.5);
    expect(sheet('转化漏斗').getRow(3).getCell(1).value).toBe('成交人数');
    expect(sheet('转化漏斗').getRow(3).getCell(3).value).toBe(0.025);

    const products = sheet('商品');
    expect(products.getRow(2).getCell(10).value).toBe(10_000);
    expect(products.getRow(2).getCell(6).value).toBe(0.25);
    expect(products.getRow(2).getCell(14).value).toBe(2);
    expect(products.getRow(3).getCell(2).value).toBeNull();

    const explanations = sheet('讲解记录');
    expect(explanations.rowCount).toBe(3);
    expect(explanations.getRow(3).getCell(4).value).toEqual(new Date(Date.UTC(2025, 2, 1, 20, 25)));
    expect(explanations.getRow(3).getCell(6).value).toBe(4_000);

    expect(sheet('主播').getRow(2).getCell(6).value).toBe(32_000);
    expect(sheet('主播').getRow(2).getCell(10).value).toBe('按上播记录');
    expect(sheet('互动高峰').getRow(2).getCell(8).value).toBe('讲解: 羊毛大衣');
    expect(sheet('互动高峰').getRow(2).getCell(9).value).toBe('大衣、尺码');
    expect(sheet('弹幕关键词').getRow(2).values).toEqual([undefined, '大衣', 88]);
    expect(sheet('弹幕提问').getRow(2).getCell(3).value).toEqual(new Date(Date.UTC(2025, 2, 1, 20, 4, 30)));
    expect(sheet('弹幕分钟趋势').getRow(3).getCell(7).value).toBeCloseTo(1 / 101, 12);

    const comparison = sheet('对比');
    const gmvChange = rowOf(comparison, '成交金额');
    expect([2, 3, 4, 5, 6].map((c) => gmvChange.getCell(c).value)).toEqual([12_345.67, 10_000, 0.234567, null, null]);
    expect(rowOf(comparison, '对比场次').getCell(2).value).toBe('上一场');
    expect(rowOf(comparison, '中位数场次数').getCell(2).value).toBe(0);

    expect(sheet('数据反馈').getRow(2).getCell(1).value).toBe('商品');
    expect(sheet('数据反馈').getRow(2).getCell(3).value).toEqual(new Date(Date.UTC(2025, 2, 1, 22, 25)));
    expect(sheet('版本').getRow(2).values).toEqual([undefined, 2, new Date(Date.UTC(2025, 2, 1, 21, 25)), 12_345.67, 199, 42]);
  });

  it('labels in English and writes the wall clock of another zone', async () => {
    const workbook = await reread(await reviewWorkbook(review, { lang: 'en-US', timeZone: 'America/New_York' }));
    expect(workbook.worksheets.map((ws) => ws.name)).toContain('Danmaku per minute');
    const overview = workbook.getWorksheet('Overview')!;
    expect(overview.getRow(1).values).toEqual([undefined, 'Item', 'Value', 'Unit']);
    expect(rowOf(overview, 'GMV').getCell(2).value).toBe(12_345.67);
    // 12:00 UTC on 1 March is 07:00 EST
    expect(rowOf(overview, 'Started').getCell(2).value).toEqual(new Date(Date.UTC(2025, 2, 1, 7, 0, 0)));
  });
});
