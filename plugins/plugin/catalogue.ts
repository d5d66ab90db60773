import { pluginAdmin, triggerFiredBy, triggerPhases, type CommandDefinition } from '../../sdk/index.js';

interface Row {
  name: string;
  phase: string;
  args: readonly string[];
  kind: string;
  shape: string | null;
  role: string | null;
  stdin: boolean;
  doc: string;
  /** Built-in plugins (or core, bin) whose code fires it, read from the code at build time. */
  firedBy: string[];
  /** Why berth never fires it (a compatibility entry), or null. */
  compat: string | null;
  implementedBy: string[];
}

type Spec = { args: readonly string[]; kind: string; shape?: string; role?: string; stdin?: boolean; doc: string; compat?: string };

/** `plugin:triggers`: the typed registry, who fires each entry, and which enabled plugins answer it right now. */
export const triggers: CommandDefinition = {
  builder: (y) => y.option('format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Output format' }),
  async handler(ctx, argv) {
    const engine = await pluginAdmin.freshEngine(ctx);
    const implementers = (name: string) => [...new Set(engine.handlers(name).filter((h) => h.type !== 'noexec').map((h) => h.plugin.name))];
    const rows: Row[] = [];
    const registered = new Set<string>();
    for (const phase of triggerPhases) {
      for (const [name, spec] of Object.entries(phase.triggers as Record<string, Spec>)) {
        registered.add(name);
        rows.push({
          name,
          phase: phase.title,
          args: spec.args,
          kind: spec.kind,
          shape: spec.shape ?? null,
          role: spec.role ?? null,
          stdin: spec.stdin ?? false,
          doc: spec.doc,
          firedBy: [...(triggerFiredBy[name] ?? [])],
          compat: spec.compat ?? null,
          implementedBy: implementers(name),
        });
      }
    }
    const unregistered = new Set(engine.plugins().flatMap((p) => p.manifest.triggers).filter((t) => !registered.has(t)));
    for (const name of [...unregistered].sort())
      rows.push({ name, phase: 'Not in the registry', args: [], kind: 'raw', shape: null, role: null, stdin: false, doc: 'Declared by a plugin; dispatched raw.', firedBy: [], compat: null, implementedBy: implementers(name) });

    if (argv.format === 'json') {
      ctx.log.out(JSON.stringify(rows));
      return;
    }
    let phase = '';
    for (const r of rows) {
      if (r.phase !== phase) ctx.log.info2((phase = r.phase));
      const kind = r.kind + (r.shape ? `/${r.shape}` : '') + (r.role ? ` (${r.role})` : '') + (r.stdin ? ' +stdin' : '');
      ctx.log.out(`${r.name} ${r.args.join(' ')}`.trimEnd());
      ctx.log.out(`       ${kind} - ${r.doc}`);
      if (r.firedBy.length) ctx.log.out(`       fired by: ${r.firedBy.join(', ')}`);
      else if (r.compat) ctx.log.out(`       compatibility entry: ${r.compat}`);
      ctx.log.out(`       implemented by: ${r.implementedBy.join(', ') || '(none)'}`);
    }
  },
};
