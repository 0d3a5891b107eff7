/**
 * When a printed review is complete: every chart that started drawing has finished. The PDF export waits
 * for it (`data-review-ready`), since a screenshot taken between React's render and ECharts' first frame
 * would print empty plots.
 */
export interface Readiness {
  /** a chart has been given an option and is drawing it */
  drawing: (key: string) => void;
  /** ECharts said `finished` for it */
  drawn: (key: string) => void;
  /** the page has laid out everything it will show: from now on, no chart left drawing means ready */
  arm: () => void;
}

export function createReadiness(onReady: () => void): Readiness {
  const pending = new Set<string>();
  let armed = false;
  let ready = false;
  const check = () => {
    if (armed && !ready && pending.size === 0) {
      ready = true;
      onReady();
    }
  };
  return {
    drawing: (key) => {
      if (!ready) pending.add(key);
    },
    drawn: (key) => {
      pending.delete(key);
      check();
    },
    arm: () => {
      armed = true;
      check();
    },
  };
}
