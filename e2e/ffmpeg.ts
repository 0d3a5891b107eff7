import { spawn } from 'node:child_process';

export interface TestStream {
  /** exit code once ffmpeg is gone (null when it was killed by a signal) */
  readonly exited: Promise<number | null>;
  /** what ffmpeg printed (errors only), for assertion messages */
  output(): string;
  /** stops pushing (ffmpeg closes the RTMP connection) and resolves with its exit code */
  stop(): Promise<number | null>;
}

/**
 * Pushes a real test stream as an encoder would: a 640×360 25 fps test picture (H.264, key frame every
 * 2 s) with a 440 Hz tone (AAC), in real time, to `<url>/<key>` — `url` being the RTMP server/app
 * (OBS "server") and `key` the stream key. Runs until `seconds` of media were sent or `stop()`.
 */
export function pushTestStream(options: {
  url: string;
  key: string;
  seconds?: number;
  onExit?: (code: number | null) => void;
}): TestStream {
  const target = `${options.url.replace(/\/+$/, '')}/${options.key}`;
  const args = [
    '-hide_banner',
    '-loglevel', 'error',
    '-nostdin',
    '-re',
    '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=440',
    ...(options.seconds === undefined ? [] : ['-t', String(options.seconds)]),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '50',
    '-c:a', 'aac',
    '-f', 'flv',
    target,
  ];
  const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      output += String(err);
      resolve(null);
    });
    child.once('exit', (code) => resolve(code));
  });
  if (options.onExit) void exited.then(options.onExit);
  return {
    exited,
    output: () => output,
    async stop() {
      // SIGINT: ffmpeg finishes the FLV stream and closes the connection as an encoder stopping would.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** Whether ffmpeg can be run here. */
export async function hasFfmpeg(): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn('ffmpeg', ['-version'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}
