import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { presets as typeScriptPresets } from '../domain/regulation/presets/index.ts';
import { getPreset, PRESET_KEYS, presets } from './library.ts';

describe('the five presets as YAML files', () => {
  it('are the TypeScript presets, byte for byte as JSON (minus the model block)', () => {
    assert.deepEqual(PRESET_KEYS, Object.keys(typeScriptPresets));
    for (const key of PRESET_KEYS) {
      const old = typeScriptPresets[key]!;
      const raw = parseYaml(readFileSync(presets[key]!.file, 'utf8')) as Record<string, unknown>;
      delete raw.model;
      assert.equal(JSON.stringify(raw), JSON.stringify(old.build()), key);
      assert.deepEqual(getPreset(key)!.build(), old.build(), key);
      assert.deepEqual(
        { title: presets[key]!.title, seed: presets[key]!.seed, seedFile: presets[key]!.seedFile, names: presets[key]!.organisationNames },
        { title: old.title, seed: old.seed, seedFile: old.seedFile, names: old.organisationNames },
        key,
      );
    }
  });
});
