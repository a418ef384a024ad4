import { LowLatencyAbr, type LowLatencyAbrOptions } from './low-latency-abr.ts';
import { ThroughputEstimator } from './throughput-estimator.ts';

/** The last decision, for the stats overlay. */
export interface AbrReading {
  throughput: number;
  bufferSeconds: number;
  choice: number;
}

/** One estimator and one controller per playback, shared by the protocol adapters. */
export class AbrState {
  readonly estimator = new ThroughputEstimator();
  readonly controller: LowLatencyAbr;
  last: AbrReading | undefined;

  constructor(options: LowLatencyAbrOptions) {
    this.controller = new LowLatencyAbr(options);
  }

  choose(input: {
    bitrates: readonly number[];
    current: number;
    bufferSeconds: number;
    min?: number;
    max?: number;
  }) {
    const throughput = this.estimator.estimate();
    const choice = this.controller.choose({
      bitrates: input.bitrates,
      current: input.current,
      bufferSeconds: input.bufferSeconds,
      throughput,
      nowMs: performance.now(),
      minIndex: input.min,
      maxIndex: input.max,
    });
    this.last = { throughput, bufferSeconds: input.bufferSeconds, choice };
    return choice;
  }
}
