import { join } from 'node:path';
import { ConfigError, type Config } from '../../config.js';
import { EmbeddedMediaServer } from './embedded.js';
import { ExternalMediaServer } from './external.js';
import { findExecutable } from './ffmpeg.js';
import type { MediaLog } from './port.js';

/** Chooses the media server once, from LIVEDESK_MEDIA; app.ts adds the matching HTTP routes. */
export function createMediaServer(
  config: Pick<Config, 'live' | 'dataDir'>,
  log: MediaLog,
): EmbeddedMediaServer | ExternalMediaServer {
  const { live } = config;
  if (live.media === 'external') {
    if (!live.playUrlTemplate) throw new ConfigError(['LIVEDESK_PLAY_URL_TEMPLATE is required when LIVEDESK_MEDIA=external']);
    return new ExternalMediaServer({ rtmpUrl: live.rtmpUrl, playUrlTemplate: live.playUrlTemplate, hookSecret: live.mediaHookSecret, log });
  }
  return new EmbeddedMediaServer({
    rtmpPort: live.rtmpPort,
    rtmpUrl: live.rtmpUrl,
    publicUrl: live.publicUrl,
    recordingsDir: join(config.dataDir, 'recordings'),
    ffmpeg: findExecutable('ffmpeg'),
    log,
  });
}
