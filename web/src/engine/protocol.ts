/**
 * The typed message protocol between the page and the one worker that owns the engine.
 * Main -> worker: RUN an op by name, or CANCEL a running request.
 * Worker -> main: READY once the module is loaded, then PROGRESS / RESULT / ERROR per id.
 */
export const MsgType = {
  RUN: 'RUN',
  CANCEL: 'CANCEL',
  READY: 'READY',
  PROGRESS: 'PROGRESS',
  RESULT: 'RESULT',
  ERROR: 'ERROR',
} as const;
export type MsgType = (typeof MsgType)[keyof typeof MsgType];

export interface RunMsg {
  id: number;
  type: typeof MsgType.RUN;
  op: string;
  args: Record<string, unknown>;
}
export interface CancelMsg {
  id: number;
  type: typeof MsgType.CANCEL;
}
export type ToWorker = RunMsg | CancelMsg;

/** Facts about the loaded module, sent with READY. */
export interface EngineInfo {
  version: string;
  /** Kernel implementation: "wasm-simd128" or "eigen-wasm-scalar". */
  backend: string;
  simd: boolean;
}

export interface ReadyMsg {
  id: 0;
  type: typeof MsgType.READY;
  data: EngineInfo;
}
export interface ProgressMsg {
  id: number;
  type: typeof MsgType.PROGRESS;
  data: unknown;
}
export interface ResultMsg {
  id: number;
  type: typeof MsgType.RESULT;
  data: unknown;
}
/**
 * An engine message as data (wasm/src/io/message.h): a stable code and its parameters, each a
 * text or a nested message. The page shows it with the string "engine." + code (ui/errors.ts);
 * code 'sentence' carries an English sentence with no code of its own in params.text.
 */
export interface EngineText {
  code: string;
  params: Record<string, string | EngineText>;
}

/** `code`: 'engine' (bad input refused by the engine), 'cancelled', 'load' (no module), 'crashed'
 * (the module trapped or the worker died), 'hung' (no answer in time), 'internal' (a bug).
 * `message` is English (logs, tests); for 'engine', `text` is the refusal as data. */
export interface ErrorMsg {
  id: number;
  type: typeof MsgType.ERROR;
  data: { code: ErrorCode; message: string; text?: EngineText };
}
export type ErrorCode = 'engine' | 'cancelled' | 'load' | 'crashed' | 'hung' | 'internal';
export type FromWorker = ReadyMsg | ProgressMsg | ResultMsg | ErrorMsg;
