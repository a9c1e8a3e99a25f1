const WIDTH = 30;

/** How far a long operation is: what it is doing, how much of how much, and the bytes archived. */
export type Progress = { phase: string; done: number; total: number | null; archivedBytes: number };

/** One line: phase, a bar when the total is known, counts and bytes archived. */
export const renderProgress = (progress: Progress): string => {
  const { phase, done, total, archivedBytes } = progress;
  const counts = total === null ? `${done}` : `${done}/${total}`;
  const bar =
    total === null || total === 0
      ? ""
      : `[${"#".repeat(Math.round((WIDTH * done) / total)).padEnd(WIDTH, " ")}] ${Math.floor(
          (100 * done) / total,
        )
          .toString()
          .padStart(3)}% `;
  return `${phase.padEnd(17)} ${bar}${counts} recordings and compositions, ${formatBytes(archivedBytes)} archived`;
};

export const formatBytes = (bytes: number): string => {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
};

/** Redraws in place on a terminal; elsewhere (CI, a pipe) prints a line per phase change or 10 %. */
export const progressPrinter = (out: NodeJS.WriteStream = process.stdout) => {
  let lastLine = "";
  let lastDecile = -1;
  return (progress: Progress): void => {
    const line = renderProgress(progress);
    if (out.isTTY) {
      out.write(`\r${line.padEnd(lastLine.length)}`);
    } else {
      const decile = progress.total ? Math.floor((10 * progress.done) / progress.total) : progress.done;
      if (!lastLine.startsWith(progress.phase) || decile !== lastDecile) out.write(`${line}\n`);
      lastDecile = decile;
    }
    lastLine = line;
  };
};
