import fs from 'node:fs';
import path from 'node:path';
import { BerthError, type ErrorCode } from './errors.js';
import { emptyManifest, readManifest, type Manifest } from './manifest.js';

/**
 * Parsed plugin.toml files, keyed by path and validated by size and mtime, so a CLI start reads one
 * JSON file and stats each manifest instead of parsing TOML for every enabled plugin.
 */
interface Entry {
  size: number;
  mtimeMs: number;
  manifest?: Manifest;
  error?: { code: ErrorCode; message: string };
}

const VERSION = 1;

export class ManifestCache {
  private entries: Record<string, Entry> = {};
  private dirty = false;

  constructor(private readonly file: string) {
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; entries: Record<string, Entry> };
      if (data.version === VERSION) this.entries = data.entries;
    } catch {
      // no cache yet, or unreadable: parse everything
    }
  }

  /** The manifest of one plugin directory, or the error that makes it unusable. */
  load(dir: string): { manifest: Manifest; error?: BerthError } {
    const file = path.join(dir, 'plugin.toml');
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(file);
    } catch {
      return { manifest: emptyManifest(file) };
    }
    const key = fs.realpathSync(file);
    const hit = this.entries[key];
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) {
      if (hit.manifest) return { manifest: { ...hit.manifest, file } };
      return { manifest: emptyManifest(file), error: new BerthError(hit.error!.code, hit.error!.message) };
    }
    const entry: Entry = { size: st.size, mtimeMs: st.mtimeMs };
    let out: { manifest: Manifest; error?: BerthError };
    try {
      out = { manifest: readManifest(file) };
      entry.manifest = out.manifest;
    } catch (err) {
      const e = err as BerthError;
      out = { manifest: emptyManifest(file), error: e };
      entry.error = { code: e.code ?? 'MANIFEST_INVALID', message: e.message };
    }
    this.entries[key] = entry;
    this.dirty = true;
    return out;
  }

  /** Best effort: a read-only plugin path simply goes without a cache. */
  save(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const tmp = `${this.file}.tmp-${process.pid}`;
    try {
      fs.writeFileSync(tmp, JSON.stringify({ version: VERSION, entries: this.entries }));
      fs.renameSync(tmp, this.file);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  }
}
