import type { AlertFinding, AlertMetric, AlertView } from '@livedesk/contracts';

/**
 * The text of an alert as the robots and the show's curves carry it. Shops using LiveDesk run their
 * groups in Chinese, so this text is Chinese; the console renders its own from the structured finding.
 */
const metricNames: Record<AlertMetric, string> = {
  online: '在线人数',
  enters: '进入人次',
  leaves: '离开人次',
  comments: '评论数',
  likes: '点赞数',
  shares: '分享数',
  productClicks: '商品点击数',
  cartAdds: '加购数',
  paidOrders: '成交订单数',
  gmvFen: '成交金额',
};

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const amount = (metric: AlertMetric, value: number) => (metric === 'gmvFen' ? `¥${(value / 100).toFixed(2)}` : number(value));

/** `在线人数 12 < 50`, `评论数 3，本场基线中位数 40（z = -6.1）`, ... */
export function describeFinding(metric: AlertMetric, value: number, finding: AlertFinding): string {
  const name = metricNames[metric];
  switch (finding.kind) {
    case 'threshold':
      return `${name} ${amount(metric, value)} ${finding.op} ${amount(metric, finding.threshold)}`;
    case 'drop': {
      const how = metric === 'online' ? '平均' : '合计';
      return `${name}近 10 分钟${how} ${amount(metric, finding.current)}，较前 10 分钟 ${amount(metric, finding.previous)} 下降 ${finding.fallPct.toFixed(1)}%`;
    }
    case 'zscore': {
      const baseline = finding.baseline === 'session' ? '本场基线' : '往期同时段';
      const z = finding.z === null ? '基线平稳' : `z = ${finding.z.toFixed(1)}`;
      return `${name} ${amount(metric, value)}，${baseline}中位数 ${amount(metric, finding.median)}（${z}）`;
    }
  }
}

export const alertMessage = (ruleName: string, metric: AlertMetric, value: number, finding: AlertFinding) =>
  `${ruleName}：${describeFinding(metric, value, finding)}`;

/** A message for the channels: a title and lines of label and value. */
export interface Notice {
  title: string;
  lines: { label: string; text: string }[];
  /** the webhook's JSON body, before `sentAt` is added */
  payload: Record<string, unknown>;
}

const clock = (at: number, timezone: string) =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

export function alertNotice(alert: AlertView, timezone: string): Notice {
  return {
    title: `LiveDesk 告警：${alert.ruleName}`,
    lines: [
      { label: '直播', text: alert.liveSessionTitle },
      { label: '规则', text: alert.ruleName },
      { label: '时间', text: `${clock(alert.minute, timezone)} 这一分钟` },
      { label: '情况', text: describeFinding(alert.metric, alert.value, alert.finding) },
    ],
    payload: { type: 'alert', alert, text: alert.message },
  };
}

export function testNotice(channelId: string, channelName: string, now: number, timezone: string): Notice {
  const text = `LiveDesk 告警通道「${channelName}」测试消息`;
  return {
    title: 'LiveDesk 告警测试',
    lines: [
      { label: '通道', text: channelName },
      { label: '时间', text: clock(now, timezone) },
      { label: '说明', text: '收到这条消息，说明告警可以送达这个群。' },
    ],
    payload: { type: 'test', channelId, text },
  };
}
