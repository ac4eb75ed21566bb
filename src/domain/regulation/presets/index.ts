/** The five seed regulations as presets. */
import { cbfTemplate } from './cbf-template.ts';
import { conneqt } from './conneqt.ts';
import { hss } from './hss.ts';
import { lentl } from './lentl.ts';
import type { Preset } from './preset.ts';
import { stadsring51 } from './stadsring51.ts';

export type { Preset } from './preset.ts';
export { adoptPreset, RegulationFillError } from './preset.ts';

export const presets: Record<string, Preset> = {
  conneqt,
  hss,
  stadsring51,
  'cbf-template': cbfTemplate,
  lentl,
};

/** The preset with this key, or undefined. */
export function getPreset(key: string): Preset | undefined {
  return Object.hasOwn(presets, key) ? presets[key] : undefined;
}

/** Preset keys in seed order. */
export const PRESET_KEYS: readonly string[] = Object.keys(presets);
