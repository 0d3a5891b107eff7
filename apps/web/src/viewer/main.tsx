/** @jsxImportSource preact */
// The buyer-facing live room. It is Preact, not React like the console: React DOM alone is ~60 KB
// gzipped, mpegts.js another ~60 KB, and the page's budget for a phone on 4G is 150 KB in all.
import { render } from 'preact';
import { App } from './App';
import './viewer.css';

const root = document.getElementById('root');
if (!root) throw new Error('live.html has no #root element');

// `/live/<session id>` (the server serves this page for every path under /live/).
const sessionId = decodeURIComponent(window.location.pathname.split('/')[2] ?? '');
render(<App sessionId={sessionId} />, root);
