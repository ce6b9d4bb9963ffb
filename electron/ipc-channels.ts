import type { EventName, OpName } from '../core/api/contract';

/*
 * IPC channel names, one per contract operation and one per event. The sandboxed preload cannot import this
 * module (a sandboxed preload may only require 'electron'), so it spells the same two prefixes itself;
 * electron/preload.test.ts wires the real preload to the real handler table to prove they agree.
 */
export const OP_CHANNEL_PREFIX = 'facet:op:';
export const EVENT_CHANNEL_PREFIX = 'facet:event:';

/** The native folder dialog, asked for by the renderer (the preload spells it too). */
export const CHOOSE_FOLDERS_CHANNEL = 'facet:shell:choose-folders';

export function opChannel(op: OpName): string {
  return OP_CHANNEL_PREFIX + op;
}

export function eventChannel(event: EventName): string {
  return EVENT_CHANNEL_PREFIX + event;
}
