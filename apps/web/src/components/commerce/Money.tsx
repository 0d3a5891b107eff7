import { formatFen } from '../../lib/money';

/** An amount in fen, shown in yuan with tabular digits so columns line up. */
export function Money({ fen, strong, className }: { fen: number; strong?: boolean; className?: string }) {
  const classes = ['money', 'tabular', strong ? 'money-strong' : '', className ?? ''].filter(Boolean).join(' ');
  return <span className={classes}>{formatFen(fen)}</span>;
}
