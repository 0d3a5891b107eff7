import { describe, expect, it } from 'vitest';
import { onThisServer } from './urls';

const roomUrl = 'http://localhost:3000/live/s1';

describe('media URLs', () => {
  it('follow the page to this server when the server named itself differently', () => {
    expect(onThisServer('http://localhost:3000/media/live/s1.flv', roomUrl, 'http://192.168.1.20:3000')).toBe('http://192.168.1.20:3000/media/live/s1.flv');
    expect(onThisServer('http://localhost:3000/media/replay/s1.mp4?v=2', roomUrl, 'https://shop.example')).toBe('https://shop.example/media/replay/s1.mp4?v=2');
  });

  it('leave an external media server’s URL alone', () => {
    expect(onThisServer('https://cdn.example/live/s1.flv', roomUrl, 'http://192.168.1.20:3000')).toBe('https://cdn.example/live/s1.flv');
    expect(onThisServer('http://localhost:8080/live/s1.flv', roomUrl, 'http://127.0.0.1:3000')).toBe('http://localhost:8080/live/s1.flv');
  });

  it('resolve relative URLs against the page', () => {
    expect(onThisServer('/media/live/s1.flv', '/live/s1', 'http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/media/live/s1.flv');
  });
});
