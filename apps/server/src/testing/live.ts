import type { CreateLiveSessionBody, LiveSessionView } from '@livedesk/contracts';
import type { TestApp } from './app.js';

/** A live show made through the API (as staff with `token`), optionally started or ended right away. */
export async function createShow(
  t: TestApp,
  token: string,
  body: Partial<CreateLiveSessionBody> = {},
  then?: 'start' | 'end',
): Promise<LiveSessionView> {
  const created = await t.request({ method: 'POST', url: '/api/v1/live-sessions', token, body: { title: '测试直播', ...body } });
  if (created.status !== 201) throw new Error(`live session: ${created.status} ${JSON.stringify(created.body)}`);
  if (!then) return created.body as LiveSessionView;
  const moved = await t.request({ method: 'POST', url: `/api/v1/live-sessions/${created.body.id}/${then}`, token });
  if (moved.status !== 200) throw new Error(`live session ${then}: ${moved.status} ${JSON.stringify(moved.body)}`);
  return moved.body as LiveSessionView;
}
