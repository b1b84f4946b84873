import { ProgressBar } from './progress';

function recorder(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = { isTTY, write: (chunk: string) => ((written += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => written };
}

describe('the progress bar', () => {
  it('off a terminal, writes a line per tenth done or per step, not per update', () => {
    const out = recorder(false);
    const bar = new ProgressBar(out.stream, 10);
    for (let done = 0; done <= 100; done += 1) {
      bar.update(done / 100, `running ${done}/100 rows`);
    }
    bar.update(1, 'succeeded 100/100 rows');
    bar.done();
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(lines[0]).toBe('[----------]   0% running 0/100 rows');
    expect(lines[5]).toBe('[#####-----]  50% running 50/100 rows');
    expect(lines.at(-1)).toBe('[##########] 100% succeeded 100/100 rows');
  });

  it('on a terminal, redraws one line in place and ends it when done', () => {
    const out = recorder(true);
    const bar = new ProgressBar(out.stream, 4);
    bar.update(0.5, 'training');
    bar.update(0.5, 'training');
    bar.update(null, 'waiting');
    bar.done();
    expect(out.text()).toBe('\r\x1b[2K[##--]  50% training\r\x1b[2K[…] waiting\n');
  });
});
