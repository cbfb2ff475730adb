/** A writable stand-in for stdout/stderr: records what is written; `isTTY` and `columns` as asked. */
export interface FakeStream {
  readonly isTTY: boolean;
  readonly columns: number | undefined;
  readonly chunks: string[];
  write(chunk: string): boolean;
  /** Everything written, joined. */
  text(): string;
}

export function fakeStream(options: { isTTY?: boolean; columns?: number } = {}): FakeStream {
  const chunks: string[] = [];
  return {
    isTTY: options.isTTY ?? false,
    columns: options.columns,
    chunks,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}
